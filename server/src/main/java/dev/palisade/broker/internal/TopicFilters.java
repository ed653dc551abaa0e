package dev.palisade.broker.internal;

/** MQTT topic filter matching (MQTT 5 section 4.7), for the broker's own checks outside its subscription tree. */
public final class TopicFilters {

    private TopicFilters() {}

    /** Whether {@code filter} (with {@code +} and {@code #} wildcards) matches the topic name {@code topic}. */
    public static boolean matches(String filter, String topic) {
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            if (filterLevels[i].equals("#")) {
                return true;
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!filterLevels[i].equals("+") && !filterLevels[i].equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }
}
