package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the compiled decisions against brute force over a small world: every topic of up to four levels drawn
 * from {@code a b $s z} and the empty level ({@code z} appears in no pattern, so it stands for "any other level"), and
 * random policies over the same levels. A filter must be allowed exactly when one allow pattern matches every topic
 * the filter matches and no deny pattern matches any of them.
 *
 * <p>The world includes the empty topic (one empty level), which is no valid topic name but is what {@code /#} matches
 * as its parent level: the engine compares filters and patterns as sets of level sequences, so it refuses {@code /#}
 * under {@code /+/#}, and the brute force must count that sequence too to agree.
 */
class SubscriptionSubsumptionPropertyTest {

    private static final List<String> PATTERN_LEVELS = List.of("a", "b", "$s", "", "+");
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "$s", "", "z");
    private static final List<String> FILTER_LEVELS = List.of("a", "$s", "", "+");
    private static final int POLICIES = 400;

    private static final List<String> TOPICS = topics();
    /** Topic names with a wildcard or NUL somewhere: wherever the walk meets them, they must be denied. */
    private static final List<String> INVALID_NAMES = TOPICS.stream()
            .filter(topic -> topic.length() <= 5)
            .flatMap(topic -> java.util.stream.Stream.of(
                    topic + "/+", "+/" + topic, topic + "/#", topic + "#", topic + "/x\u0000", "a+/" + topic))
            .toList();

    private static final List<String> FILTERS = filters();

    @Test
    void subscriptionDecisionsAgreeWithBruteForce() {
        var random = new SplittableRandom(20_260_501);
        List<BitSet> topicsOfFilter = FILTERS.stream().map(this::matchedTopics).toList();
        int allowedFilters = 0;

        for (int run = 0; run < POLICIES; run++) {
            List<String> allows = patterns(random, 1 + random.nextInt(3));
            List<String> denies = patterns(random, random.nextInt(3));
            CompiledPolicy policy = compile(allows, denies);
            List<BitSet> allowed = allows.stream().map(this::matchedTopics).toList();
            BitSet denied = new BitSet();
            denies.forEach(deny -> denied.or(matchedTopics(deny)));

            for (int f = 0; f < FILTERS.size(); f++) {
                String filter = FILTERS.get(f);
                BitSet matched = topicsOfFilter.get(f);
                boolean covered = allowed.stream().anyMatch(allow -> isSubset(matched, allow));
                boolean expected = covered && !matched.intersects(denied);

                boolean actual = policy.maySubscribe(filter);

                assertThat(actual)
                        .as("filter %s under allows %s and denies %s", filter, allows, denies)
                        .isEqualTo(expected);
                assertThat(policy.maySubscribe("$share/group/" + filter)).isEqualTo(actual);
                if (actual) {
                    allowedFilters++;
                    matched.stream()
                            .filter(t -> !TOPICS.get(t).isEmpty()) // not a valid topic name: always denied
                            .forEach(t -> assertThat(policy.mayReceive(TOPICS.get(t)))
                                    .as("topic %s of allowed filter %s", TOPICS.get(t), filter)
                                    .isTrue());
                }
            }
        }

        assertThat(allowedFilters).as("the random policies allow some filters").isGreaterThan(1_000);
    }

    @Test
    void topicNameDecisionsAgreeWithBruteForce() {
        var random = new SplittableRandom(7);
        for (int run = 0; run < POLICIES; run++) {
            List<String> allows = patterns(random, 1 + random.nextInt(3));
            List<String> denies = patterns(random, random.nextInt(3));
            CompiledPolicy policy = compile(allows, denies);

            for (String topic : TOPICS) {
                boolean expected = !topic.isEmpty()
                        && allows.stream().anyMatch(allow -> matches(allow, topic))
                        && denies.stream().noneMatch(deny -> matches(deny, topic));

                assertThat(policy.mayReceive(topic))
                        .as("topic %s under allows %s and denies %s", topic, allows, denies)
                        .isEqualTo(expected);
            }
            for (String invalid : INVALID_NAMES) {
                assertThat(policy.mayReceive(invalid))
                        .as("invalid name %s under allows %s and denies %s", invalid, allows, denies)
                        .isFalse();
            }
        }
    }

    private static CompiledPolicy compile(List<String> allows, List<String> denies) {
        var statements = new ArrayList<String>();
        statements.add(Policies.allow("subscribe,receive", allows.toArray(String[]::new)));
        if (!denies.isEmpty()) {
            statements.add(Policies.deny("subscribe,receive", denies.toArray(String[]::new)));
        }
        return Policies.compile(statements.toArray(String[]::new));
    }

    /** {@code count} distinct random patterns of one to three levels, a third of them ending in {@code #}. */
    private static List<String> patterns(SplittableRandom random, int count) {
        var patterns = new LinkedHashSet<String>();
        while (patterns.size() < count) {
            int length = 1 + random.nextInt(3);
            var levels = new ArrayList<String>();
            for (int i = 0; i < length; i++) {
                levels.add(PATTERN_LEVELS.get(random.nextInt(PATTERN_LEVELS.size())));
            }
            if (random.nextInt(3) == 0) {
                levels.set(length - 1, "#");
            }
            String pattern = String.join("/", levels);
            if (!pattern.isEmpty()) {
                patterns.add(pattern);
            }
        }
        return List.copyOf(patterns);
    }

    private BitSet matchedTopics(String pattern) {
        var matched = new BitSet();
        for (int t = 0; t < TOPICS.size(); t++) {
            if (matches(pattern, TOPICS.get(t))) {
                matched.set(t);
            }
        }
        return matched;
    }

    private static boolean isSubset(BitSet subset, BitSet superset) {
        BitSet outside = (BitSet) subset.clone();
        outside.andNot(superset);
        return outside.isEmpty();
    }

    /** The reference: MQTT matching written the plain way, with the $ rule of section 4.7.2. */
    static boolean matches(String pattern, String topic) {
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

    private static List<String> topics() {
        var topics = new ArrayList<String>();
        var current = List.of("");
        for (int depth = 1; depth <= 4; depth++) {
            var next = new ArrayList<String>();
            for (String prefix : current) {
                for (String level : TOPIC_LEVELS) {
                    next.add(depth == 1 ? level : prefix + "/" + level);
                }
            }
            topics.addAll(next);
            current = next;
        }
        return List.copyOf(topics);
    }

    /** Every filter of one to three levels, with {@code #} possible as the last. */
    private static List<String> filters() {
        var filters = new ArrayList<String>();
        var current = List.of("");
        for (int depth = 1; depth <= 3; depth++) {
            var next = new ArrayList<String>();
            for (String prefix : current) {
                for (String level : FILTER_LEVELS) {
                    next.add(depth == 1 ? level : prefix + "/" + level);
                }
                filters.add(depth == 1 ? "#" : prefix + "/#");
            }
            next.stream().filter(filter -> !filter.isEmpty()).forEach(filters::add);
            current = next;
        }
        return List.copyOf(filters);
    }
}
