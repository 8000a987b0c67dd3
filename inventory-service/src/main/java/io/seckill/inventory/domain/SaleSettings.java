package io.seckill.inventory.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What a warm-up puts in front of the crowd: how many units, when, and how many per user.
 *
 * <p>The window is half-open: a reservation at {@code startsAt} is accepted, one at {@code endsAt} is not.
 *
 * @param stock        units on sale, at least 0
 * @param startsAt     first instant at which reservations are accepted
 * @param endsAt       first instant at which reservations are refused; after {@code startsAt}
 * @param perUserLimit most units one user may hold at once, at least 1
 */
public record SaleSettings(long stock, Instant startsAt, Instant endsAt, int perUserLimit) {

    public SaleSettings {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative: " + stock);
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt " + endsAt + " must be after startsAt " + startsAt);
        }
        if (perUserLimit < 1) {
            throw new IllegalArgumentException("perUserLimit must be at least 1: " + perUserLimit);
        }
    }
}
