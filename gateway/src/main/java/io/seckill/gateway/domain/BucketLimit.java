package io.seckill.gateway.domain;

/**
 * The size of one token bucket: it refills continuously at {@code ratePerSecond} and holds at most {@code burst}
 * tokens, so a client may send {@code burst} requests at once and then {@code ratePerSecond} per second.
 *
 * @param ratePerSecond tokens added per second; positive (fractions allowed: 0.5 is one request per 2 s)
 * @param burst         the bucket's capacity; at least 1
 */
public record BucketLimit(double ratePerSecond, int burst) {

    public BucketLimit {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("a bucket's rate must be a positive number: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("a bucket's burst must be at least 1: " + burst);
        }
    }

    /** Parses {@code "rate:burst"}, e.g. {@code "5:10"} or {@code "0.5:1"}, as limits are written in configuration. */
    public static BucketLimit parse(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a limit is written rate:burst, e.g. 5:10: " + text);
        }
        return new BucketLimit(Double.parseDouble(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    }

    /**
     * This instance's share when {@code instances} gateways each limit on their own (Redis unreachable): the rate
     * divided among them, and the burst too but never below one token.
     */
    public BucketLimit share(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1: " + instances);
        }
        return new BucketLimit(ratePerSecond / instances, Math.max(1, burst / instances));
    }
}
