package dev.palisade.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lookups of a level among literal keys, by a region of the topic string. Each case runs with the keys alone (compared
 * in turn) and with enough filler keys that they are hashed.
 */
class LevelKeysTest {

    private static final int FILLERS_FOR_A_TABLE = 12;

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void findsOnlyAKeyThatIsTheWholeLevel(int fillers) {
        LevelKeys keys = keys(fillers, "a", "ab", "abc");

        assertThat(keyAt(keys, "ab/c", 0)).isEqualTo("ab");
        assertThat(keyAt(keys, "abc", 0)).isEqualTo("abc");
        assertThat(keyAt(keys, "x/a", 2)).isEqualTo("a");
        assertThat(keyAt(keys, "abcd/x", 0)).isNull();
        assertThat(keyAt(keys, "b", 0)).isNull();
        assertThat(keyAt(keys, "x/ab", 0)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void emptyLevelsMatchOnlyTheEmptyKey(int fillers) {
        LevelKeys withEmpty = keys(fillers, "", "a");
        LevelKeys withoutEmpty = keys(fillers, "a");

        assertThat(keyAt(withEmpty, "a//b", 2)).isEmpty();
        assertThat(keyAt(withEmpty, "a/", 2)).isEmpty();
        assertThat(keyAt(withEmpty, "/a", 0)).isEmpty();
        assertThat(keyAt(withEmpty, "a/b", 2)).isNull();
        assertThat(keyAt(withoutEmpty, "a//b", 2)).isNull();
        assertThat(keyAt(withoutEmpty, "a/", 2)).isNull();
        assertThat(keyAt(withEmpty, "a//b", 0)).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void nonAsciiKeysAreComparedCharByChar(int fillers) {
        LevelKeys keys = keys(fillers, "küche", "€", "\uD83D\uDE00", "kuche");

        assertThat(keyAt(keys, "räume/küche", 6)).isEqualTo("küche");
        assertThat(keyAt(keys, "räume/kuche", 6)).isEqualTo("kuche");
        assertThat(keyAt(keys, "€/x", 0)).isEqualTo("€");
        assertThat(keyAt(keys, "\uD83D\uDE00", 0)).isEqualTo("\uD83D\uDE00");
        assertThat(keyAt(keys, "\uD83D\uDE01", 0)).isNull();
        assertThat(keyAt(keys, "e/x", 0)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void keysWhoseHashesCollideAreToldApart(int fillers) {
        // "Aa" and "BB" have the same String.hashCode, and so have all four pairs of them
        LevelKeys keys = keys(fillers, "Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB");

        assertThat(keyAt(keys, "Aa", 0)).isEqualTo("Aa");
        assertThat(keyAt(keys, "BB/x", 0)).isEqualTo("BB");
        assertThat(keyAt(keys, "x/AaBB", 2)).isEqualTo("AaBB");
        assertThat(keyAt(keys, "BBAa", 0)).isEqualTo("BBAa");
        assertThat(keyAt(keys, "BBBB", 0)).isEqualTo("BBBB");
        assertThat(keyAt(keys, "AaAa/", 0)).isEqualTo("AaAa");
        assertThat(keyAt(keys, "C#", 0)).isNull(); // same hash again, no key
        assertThat(keyAt(keys, "AaA", 0)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void veryLongLevelsAreComparedToTheirLastChar(int fillers) {
        String longKey = "k".repeat(40_000);
        LevelKeys keys = keys(fillers, longKey, "k");

        assertThat(keyAt(keys, "x/" + longKey + "/y", 2)).isEqualTo(longKey);
        assertThat(keyAt(keys, "x/" + longKey, 2)).isEqualTo(longKey);
        assertThat(keyAt(keys, "x/" + "k".repeat(39_999) + "j", 2)).isNull();
        assertThat(keyAt(keys, "x/" + longKey + "k", 2)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FILLERS_FOR_A_TABLE})
    void lookupByRegionFindsTheKeyEqualToIt(int fillers) {
        LevelKeys keys = keys(fillers, "", "Aa", "BB", "ab");

        assertThat(keyOf(keys, "x/BB/y", 2, 4)).isEqualTo("BB");
        assertThat(keyOf(keys, "x/Aa", 2, 4)).isEqualTo("Aa");
        assertThat(keyOf(keys, "a//b", 2, 2)).isEmpty();
        assertThat(keyOf(keys, "abc", 0, 2)).isEqualTo("ab");
        assertThat(keyOf(keys, "abc", 0, 3)).isNull();
    }

    private static LevelKeys keys(int fillers, String... keys) {
        var all = new ArrayList<>(List.of(keys));
        for (int i = 0; i < fillers; i++) {
            all.add("filler-" + i);
        }
        return new LevelKeys(all);
    }

    private static @Nullable String keyAt(LevelKeys keys, String topic, int start) {
        int index = keys.indexAt(topic, start);
        return index < 0 ? null : keys.key(index);
    }

    private static @Nullable String keyOf(LevelKeys keys, String text, int start, int end) {
        int index = keys.indexOf(text, start, end);
        return index < 0 ? null : keys.key(index);
    }
}
