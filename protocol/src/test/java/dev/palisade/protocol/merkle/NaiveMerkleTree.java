package dev.palisade.protocol.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain transcription of the RFC 6962 §2.1 definitions over an in-memory list of leaf hashes, written
 * without sharing any code with the production classes so that the two can check each other.
 */
final class NaiveMerkleTree {

    private final List<byte[]> leafHashes;

    NaiveMerkleTree(List<byte[]> leafHashes) {
        this.leafHashes = List.copyOf(leafHashes);
    }

    /** A tree whose leaf i holds the bytes {i, i*7, 0x5a}, so that every leaf hash differs. */
    static NaiveMerkleTree withLeaves(int count) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hashes.add(leafHash(new byte[] {(byte) i, (byte) (i * 7), 0x5a}));
        }
        return new NaiveMerkleTree(hashes);
    }

    static byte[] leafHash(byte[] data) {
        return sha256(new byte[] {0}, data);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return sha256(new byte[] {1}, left, right);
    }

    int size() {
        return leafHashes.size();
    }

    byte[] leaf(int index) {
        return leafHashes.get(index).clone();
    }

    /** MTH(D[from:to]). */
    byte[] mth(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHashes.get(from).clone();
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(mth(from, from + k), mth(from + k, to));
    }

    /** The hash of the perfect aligned subtree (level, index). */
    byte[] perfectNode(int level, long index) {
        int from = Math.toIntExact(index << level);
        int to = Math.toIntExact((index + 1) << level);
        if (to > leafHashes.size()) {
            throw new IllegalStateException("node (" + level + ", " + index + ") is not complete");
        }
        return mth(from, to);
    }

    /** PATH(m, D[from:to]) with m relative to from. */
    List<byte[]> path(int m, int from, int to) {
        List<byte[]> result = new ArrayList<>();
        int n = to - from;
        if (n <= 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            result.addAll(path(m, from, from + k));
            result.add(mth(from + k, to));
        } else {
            result.addAll(path(m - k, from + k, to));
            result.add(mth(from, from + k));
        }
        return result;
    }

    /** PROOF(m, D[0:n]). */
    List<byte[]> consistency(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int from, int to, boolean b) {
        List<byte[]> result = new ArrayList<>();
        int n = to - from;
        if (m == n) {
            if (!b) {
                result.add(mth(from, to));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, from, from + k, b));
            result.add(mth(from + k, to));
        } else {
            result.addAll(subproof(m - k, from + k, to, false));
            result.add(mth(from, from + k));
        }
        return result;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
