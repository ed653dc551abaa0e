package dev.palisade.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.policy.Effect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The automaton against the trie walk it replaces and against MQTT matching written the plain way, on random policies
 * whose patterns mix literal levels, {@code +} and {@code #} at every depth, and on random names and filters that
 * include empty levels, a trailing slash, {@code $} levels, non-ASCII text, keys whose hashes collide, and long levels.
 */
class LevelAutomatonTest {

    /** Levels of patterns; "Aa" and "BB" share a String.hashCode. */
    private static final List<String> PATTERN_LEVELS =
            List.of("a", "b", "", "$s", "ü", "Aa", "BB", "long-" + "x".repeat(300), "+", "+");
    /** Levels of topics: those of patterns, and "z", which no pattern names. */
    private static final List<String> TOPIC_LEVELS =
            List.of("a", "b", "", "$s", "ü", "Aa", "BB", "long-" + "x".repeat(300), "z");

    private static final int POLICIES = 300;

    @Test
    void nameDecisionsAgreeWithTheTrieAndWithPlainMatching() {
        var random = new SplittableRandom(42);
        for (int run = 0; run < POLICIES; run++) {
            List<String> allows = patterns(random, 1 + random.nextInt(5));
            List<String> denies = patterns(random, random.nextInt(4));
            TopicRules automatic = rules(allows, denies, Integer.MAX_VALUE);
            TopicRules trie = rules(allows, denies, 0);

            for (int t = 0; t < 200; t++) {
                String topic = topic(random);
                boolean expected = allows.stream().anyMatch(allow -> matches(allow, topic))
                        && denies.stream().noneMatch(deny -> matches(deny, topic));

                assertThat(automatic.permitsName(topic))
                        .as("%s under allows %s and denies %s", topic, allows, denies)
                        .isEqualTo(expected);
                assertThat(trie.permitsName(topic)).isEqualTo(expected);
                String invalid = invalid(random, topic);
                assertThat(automatic.permitsName(invalid))
                        .as("invalid name %s", invalid)
                        .isFalse();
                assertThat(trie.permitsName(invalid)).isFalse();
            }
        }
    }

    @Test
    void filterDecisionsAgreeWithTheTrie() {
        var random = new SplittableRandom(4242);
        int allowed = 0;
        for (int run = 0; run < POLICIES; run++) {
            List<String> allows = patterns(random, 1 + random.nextInt(5));
            List<String> denies = patterns(random, random.nextInt(4));
            TopicRules automatic = rules(allows, denies, Integer.MAX_VALUE);
            TopicRules trie = rules(allows, denies, 0);

            for (int f = 0; f < 200; f++) {
                String filter = filter(random);
                String shared = "$share/group/" + filter;

                boolean expected = trie.permitsFilter(filter, 0);

                assertThat(automatic.permitsFilter(filter, 0))
                        .as("%s under allows %s and denies %s", filter, allows, denies)
                        .isEqualTo(expected);
                assertThat(automatic.permitsFilter(shared, Topics.filterStart(shared)))
                        .isEqualTo(expected);
                allowed += expected ? 1 : 0;
            }
        }

        assertThat(allowed).as("the random policies allow some filters").isGreaterThan(2_000);
    }

    @Test
    void realisticPoliciesAreDecidedByTheAutomaton() {
        TopicRules rules = rules(
                List.of("devices/m1/telemetry/#", "devices/m1/twin/get", "groups/g1/status/m1", "$SYS/broker/load"),
                List.of("devices/+/secrets/#", "devices/m1/telemetry/debug/#"),
                Integer.MAX_VALUE);

        assertThat(rules.isAutomatic()).isTrue();
        assertThat(rules.permitsName("devices/m1/telemetry/power/phase-1")).isTrue();
        assertThat(rules.permitsName("devices/m1/telemetry/debug/trace")).isFalse();
        assertThat(rules.permitsName("devices/m1/secrets/x")).isFalse();
        assertThat(rules.permitsName("devices/m2/telemetry/power")).isFalse();
        assertThat(rules.permitsName("$SYS/broker/load")).isTrue();
    }

    @Test
    void aChainOfLevelsComparedAtOnceFallsBackToItsFirstLevelWhenItDiffers() {
        TopicRules rules = rules(
                List.of("devices/meter-0042/telemetry/#", "devices/+/status"),
                List.of("devices/+/secrets/#", "devices/meter-0042/telemetry/debug/#"),
                Integer.MAX_VALUE);

        assertThat(rules.permitsName("devices/meter-0042/telemetry/power")).isTrue();
        assertThat(rules.permitsName("devices/meter-0042/telemetry")).isTrue();
        assertThat(rules.permitsName("devices/meter-0042/telemetry/debug")).isFalse();
        assertThat(rules.permitsName("devices/meter-0042/telemetry/debugging")).isTrue();
        assertThat(rules.permitsName("devices/meter-0142/telemetry/power")).isFalse(); // same first and last char
        assertThat(rules.permitsName("devices/meter-0042x/telemetry/power")).isFalse();
        assertThat(rules.permitsName("devices/meter-0042/status")).isTrue();
        assertThat(rules.permitsName("devices/meter-0142/status")).isTrue();
        assertThat(rules.permitsName("devices/meter-0142/secrets/x")).isFalse();
        assertThat(rules.permitsName("devices/meter-0042/secrets")).isFalse();
        assertThat(rules.permitsName("devices/meter-0042/telemetry/x+")).isFalse();
        assertThat(rules.permitsFilter("devices/meter-0042/telemetry/+", 0)).isFalse();
        assertThat(rules.permitsFilter("devices/meter-0042/telemetry/power/#", 0))
                .isTrue();
        assertThat(rules.permitsFilter("devices/meter-0142/telemetry/power/#", 0))
                .isFalse();
    }

    @Test
    void manySiblingLevelsAreHashedAndToldApartWhenTheirHashesCollide() {
        var allows = new ArrayList<String>(List.of("site/Aa/x", "site/BB/y/#", "site/AaBB", "site/+/any"));
        for (int i = 0; i < 20; i++) {
            allows.add("site/unit-" + i + "/status");
        }
        TopicRules rules = rules(allows, List.of("site/BBAa/#", "site/unit-7/+"), Integer.MAX_VALUE);

        assertThat(rules.permitsName("site/Aa/x")).isTrue();
        assertThat(rules.permitsName("site/BB/x")).isFalse(); // "Aa" and "BB" share a hash; only "site/Aa/x" is exact
        assertThat(rules.permitsName("site/BB/y/z")).isTrue();
        assertThat(rules.permitsName("site/AaBB")).isTrue();
        assertThat(rules.permitsName("site/BBBB")).isFalse(); // same hash as "AaBB"
        assertThat(rules.permitsName("site/BBAa/any")).isFalse();
        assertThat(rules.permitsName("site/AaAa/any")).isTrue();
        assertThat(rules.permitsName("site/unit-3/status")).isTrue();
        assertThat(rules.permitsName("site/unit-7/status")).isFalse();
        assertThat(rules.permitsName("site/unit-20/status")).isFalse();
        assertThat(rules.permitsName("site/unit-3/any")).isTrue();
        assertThat(rules.permitsName("site/unit-3+/any")).isFalse();
        assertThat(rules.permitsFilter("site/unit-3/+", 0)).isFalse();
        assertThat(rules.permitsFilter("site/BB/y/+/#", 0)).isTrue();
        assertThat(rules.permitsFilter("site/Aa/+/#", 0)).isFalse();
        assertThat(rules.permitsFilter("site/BBAa/+", 0)).isFalse();
    }

    @Test
    void patternsThatWouldMakeTheAutomatonHugeAreDecidedOnTheTrie() {
        // one pattern per depth with a literal there and + elsewhere: every set of them can be alive together
        var allows = new ArrayList<String>();
        for (int depth = 0; depth < 14; depth++) {
            String[] levels = new String[14];
            Arrays.fill(levels, "+");
            levels[depth] = "x";
            allows.add(String.join("/", levels));
        }
        String topic = String.join("/", Collections.nCopies(14, "y"));

        var builder = new TopicRules.Builder();
        allows.forEach(allow -> builder.add(Effect.ALLOW, levels(allow)));

        TopicRules rules = builder.build();

        assertThat(rules.isAutomatic()).isFalse();
        assertThat(rules.permitsName(topic.replaceFirst("y", "x"))).isTrue();
        assertThat(rules.permitsName(topic)).isFalse();
        assertThat(rules.permitsFilter("+/" + topic.substring(2), 0)).isFalse();
    }

    private static TopicRules rules(List<String> allows, List<String> denies, int budget) {
        var builder = new TopicRules.Builder();
        allows.forEach(allow -> builder.add(Effect.ALLOW, levels(allow)));
        denies.forEach(deny -> builder.add(Effect.DENY, levels(deny)));
        return builder.build(budget);
    }

    private static List<ConcreteLevel> levels(String pattern) {
        return Arrays.stream(pattern.split("/", -1))
                .map(level -> switch (level) {
                    case "+" -> ConcreteLevel.Wildcard.ANY_LEVEL;
                    case "#" -> ConcreteLevel.Wildcard.ANY_REMAINING;
                    default -> (ConcreteLevel) new ConcreteLevel.Literal(level);
                })
                .toList();
    }

    /** {@code count} random patterns of one to five levels, a third of them ending in {@code #}. */
    private static List<String> patterns(SplittableRandom random, int count) {
        var patterns = new ArrayList<String>();
        for (int p = 0; p < count; p++) {
            int length = 1 + random.nextInt(5);
            var levels = new ArrayList<String>();
            for (int i = 0; i < length; i++) {
                levels.add(PATTERN_LEVELS.get(random.nextInt(PATTERN_LEVELS.size())));
            }
            if (random.nextInt(3) == 0) {
                levels.set(length - 1, "#");
            }
            patterns.add(String.join("/", levels));
        }
        return patterns;
    }

    /** A random topic name of one to six levels; a single empty level would be the empty name, so it is "z". */
    private static String topic(SplittableRandom random) {
        int length = 1 + random.nextInt(6);
        var levels = new ArrayList<String>();
        for (int i = 0; i < length; i++) {
            levels.add(TOPIC_LEVELS.get(random.nextInt(TOPIC_LEVELS.size())));
        }
        String topic = String.join("/", levels);
        return topic.isEmpty() ? "z" : topic;
    }

    /** {@code topic} with a wildcard or NUL put somewhere into it. */
    private static String invalid(SplittableRandom random, String topic) {
        String bad = List.of("+", "#", "\u0000").get(random.nextInt(3));
        int at = random.nextInt(topic.length() + 1);
        return topic.substring(0, at) + bad + topic.substring(at);
    }

    /** A random valid filter: topic levels and {@code +}, perhaps ending in {@code #}. */
    private static String filter(SplittableRandom random) {
        int length = 1 + random.nextInt(5);
        var levels = new ArrayList<String>();
        for (int i = 0; i < length; i++) {
            levels.add(random.nextInt(4) == 0 ? "+" : TOPIC_LEVELS.get(random.nextInt(TOPIC_LEVELS.size())));
        }
        if (random.nextInt(3) == 0) {
            levels.set(length - 1, "#");
        }
        String filter = String.join("/", levels);
        return filter.isEmpty() ? "z" : filter;
    }

    /** The reference: MQTT matching written the plain way, with the $ rule of section 4.7.2. */
    private static boolean matches(String pattern, String topic) {
        String[] p = pattern.split("/", -1);
        String[] t = topic.split("/", -1);
        if (t[0].startsWith("$") && (p[0].equals("+") || p[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(p[i].equals("+") || p[i].equals(t[i]))) {
                return false;
            }
        }
        return p.length == t.length;
    }
}
