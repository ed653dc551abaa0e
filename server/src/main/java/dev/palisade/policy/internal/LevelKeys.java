package dev.palisade.policy.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The literal keys that a level of a topic can take at one place in a compiled policy, looked up by a region of the
 * topic string without extracting it: a few are compared in turn, many through an open-addressing table keyed by
 * {@link String#hashCode} computed over the region. Lookups answer the key's index, so that a caller keeps what the
 * key leads to in an array beside it. Immutable.
 */
final class LevelKeys {

    static final LevelKeys NONE = new LevelKeys(List.of());

    /**
     * Up to this many keys a linear scan beats hashing the level. Only keys compared in turn may span several levels
     * ({@code a/b}): the first key that matches wins, and a hash covers a single level.
     */
    static final int LINEAR_LIMIT = 8;

    private final String[] keys;
    /** Each key's length: where the level ends if the key matches. */
    private final int[] lengths;
    /**
     * Each key's first and last char, -1 for the empty key: cheap tests before comparing the whole key. The last char
     * tells apart keys that share a prefix, such as numbered device ids.
     */
    private final int[] firstChars;

    private final int[] lastChars;
    /** For more than {@link #LINEAR_LIMIT} keys: key indexes by slot, -1 for free; empty otherwise. */
    private final int[] slots;

    private final int[] hashes;
    private final int mask;

    LevelKeys(List<String> keys) {
        this.keys = keys.toArray(String[]::new);
        this.lengths = keys.stream().mapToInt(String::length).toArray();
        this.firstChars = keys.stream()
                .mapToInt(key -> key.isEmpty() ? -1 : key.charAt(0))
                .toArray();
        this.lastChars = keys.stream()
                .mapToInt(key -> key.isEmpty() ? -1 : key.charAt(key.length() - 1))
                .toArray();
        if (this.keys.length <= LINEAR_LIMIT) {
            slots = new int[0];
            hashes = new int[0];
            mask = 0;
        } else {
            int capacity = Integer.highestOneBit(this.keys.length * 4 - 1);
            slots = new int[capacity];
            hashes = new int[capacity];
            mask = capacity - 1;
            Arrays.fill(slots, -1);
            for (int i = 0; i < this.keys.length; i++) {
                int hash = this.keys[i].hashCode();
                int slot = spread(hash) & mask;
                while (slots[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i;
                hashes[slot] = hash;
            }
        }
    }

    int size() {
        return keys.length;
    }

    String key(int index) {
        return keys[index];
    }

    int length(int index) {
        return lengths[index];
    }

    /** The index of the key equal to {@code text[start, end)}, or -1. */
    int indexOf(String text, int start, int end) {
        int length = end - start;
        if (slots.length == 0) {
            for (int i = 0; i < keys.length; i++) {
                if (lengths[i] == length && text.regionMatches(start, keys[i], 0, length)) {
                    return i;
                }
            }
            return -1;
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hashedIndex(text, start, length, hash);
    }

    /**
     * The index of the key that is the whole level starting at {@code start} in {@code topic}, or -1. The level ends
     * at the next {@code /} or the end; its length is the key's, so the caller knows where the next level starts
     * without searching for it. A few keys are tried in place (the char after the key must end the level, which
     * rejects most keys with one comparison); many are hashed while scanning for the level's end.
     */
    int indexAt(String topic, int start) {
        int length = topic.length();
        if (slots.length == 0) {
            for (int i = 0; i < keys.length; i++) {
                int after = start + lengths[i];
                if (after <= length
                        && (after == length || topic.charAt(after) == '/')
                        && (firstChars[i] < 0
                                || (topic.charAt(start) == firstChars[i]
                                        && topic.charAt(after - 1) == lastChars[i]
                                        && topic.regionMatches(start, keys[i], 0, lengths[i])))) {
                    return i;
                }
            }
            return -1;
        }
        int hash = 0;
        int end = start;
        for (char c; end < length && (c = topic.charAt(end)) != '/'; end++) {
            hash = 31 * hash + c;
        }
        return hashedIndex(topic, start, end - start, hash);
    }

    /** The index of the key equal to {@code text[start, start + length)}, whose hash is {@code hash}, or -1. */
    private int hashedIndex(String text, int start, int length, int hash) {
        for (int slot = spread(hash) & mask; slots[slot] >= 0; slot = (slot + 1) & mask) {
            int index = slots[slot];
            if (hashes[slot] == hash && lengths[index] == length && text.regionMatches(start, keys[index], 0, length)) {
                return index;
            }
        }
        return -1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
