package dev.palisade.broker.internal;

/**
 * A session's publish limit in the form the hot path takes it: the cost of one message and the depth of the message
 * bucket in nanoseconds of refill (a generic cell rate algorithm, equivalent to a token bucket), and the byte
 * allowance's rate and depth. Made once per policy compilation, never per message.
 *
 * @param messagesPerSecond the rate the message bucket refills at
 * @param burst how many messages the bucket holds
 * @param bytesPerSecond payload bytes a second
 * @param byteDepth how many payload bytes the allowance holds
 */
record PublishAllowance(double messagesPerSecond, int burst, long bytesPerSecond, long byteDepth) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** No limit at all: rate limiting is switched off. */
    static final PublishAllowance UNLIMITED = new PublishAllowance(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, 0, 0);

    boolean unlimited() {
        return Double.isInfinite(messagesPerSecond);
    }

    /** How long the bucket takes to refill one message. */
    long messageCost() {
        return Math.max(1, Math.round(NANOS_PER_SECOND / messagesPerSecond));
    }

    /** How long the bucket takes to refill from empty: {@code burst} messages' worth. */
    long messageDepth() {
        return messageCost() * burst;
    }

    /** How long the allowance takes to refill {@code bytes}. */
    long byteCost(long bytes) {
        return bytes * NANOS_PER_SECOND / bytesPerSecond;
    }

    long byteDepthNanos() {
        return byteCost(byteDepth);
    }
}
