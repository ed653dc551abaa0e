package dev.palisade.policy;

import java.util.Collection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How fast the devices a document applies to may publish: a token bucket of {@code burst} messages refilled at {@code
 * messagesPerSecond}, and, if given, a byte allowance of {@code bytesPerSecond} of payload. Its JSON form is the
 * document's optional member {@code "publishLimit": {"messagesPerSecond": 20, "burst": 40, "bytesPerSecond": 65536}}.
 * The broker holds each session to it (docs/policies.md, "Publish rate").
 *
 * @param bytesPerSecond payload bytes a second, or null for the server's default
 */
public record PublishLimit(
        double messagesPerSecond, int burst, @Nullable Long bytesPerSecond) {

    /** The fewest messages a second a document may allow: one every 1,000 s. */
    public static final double MIN_MESSAGES_PER_SECOND = 0.001;
    /** The most messages a second a document may ask for; the server may grant fewer. */
    public static final double MAX_MESSAGES_PER_SECOND = 100_000;
    /** The largest burst a document may ask for. */
    public static final int MAX_BURST = 1_000_000;
    /** The most payload bytes a second a document may ask for (1 GiB). */
    public static final long MAX_BYTES_PER_SECOND = 1L << 30;

    public PublishLimit {
        if (!(messagesPerSecond >= MIN_MESSAGES_PER_SECOND && messagesPerSecond <= MAX_MESSAGES_PER_SECOND)) {
            throw new IllegalArgumentException(
                    "messagesPerSecond must be from 0.001 to 100000, not " + messagesPerSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be from 1 to 1000000, not " + burst);
        }
        if (bytesPerSecond != null && (bytesPerSecond < 1 || bytesPerSecond > MAX_BYTES_PER_SECOND)) {
            throw new IllegalArgumentException("bytesPerSecond must be from 1 to 1073741824, not " + bytesPerSecond);
        }
    }

    /**
     * What a session compiled from {@code documents} gets: like allows, limits add up to the most generous, so each
     * figure is the largest any of the documents states (a byte allowance only if one states it). Empty when none of
     * them states a limit: the server's default applies.
     */
    public static Optional<PublishLimit> mostGenerous(Collection<PolicyDocument> documents) {
        PublishLimit result = null;
        for (PolicyDocument document : documents) {
            PublishLimit limit = document.publishLimit();
            if (limit == null) {
                continue;
            }
            result = result == null ? limit : result.or(limit);
        }
        return Optional.ofNullable(result);
    }

    private PublishLimit or(PublishLimit other) {
        Long mine = bytesPerSecond;
        Long theirs = other.bytesPerSecond;
        Long bytes = mine == null ? theirs : theirs == null ? mine : Long.valueOf(Math.max(mine, theirs));
        return new PublishLimit(
                Math.max(messagesPerSecond, other.messagesPerSecond), Math.max(burst, other.burst), bytes);
    }
}
