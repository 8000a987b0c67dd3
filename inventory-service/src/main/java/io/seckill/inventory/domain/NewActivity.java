package io.seckill.inventory.domain;

import io.seckill.common.error.ServiceException;

import java.time.Instant;

/**
 * An admin's request to create an activity, as received: any field may be missing or wrong until
 * {@link #validate(Instant)} accepts it.
 *
 * @param title        non-blank
 * @param skuId        non-blank
 * @param priceCents   at least 0
 * @param stock        at least 1
 * @param startsAt     before {@code endsAt}
 * @param endsAt       in the future
 * @param perUserLimit at least 1
 */
public record NewActivity(String title, String skuId, Long priceCents, Long stock, Instant startsAt,
                          Instant endsAt, Integer perUserLimit) {

    /** Longest title and SKU id the schema stores. */
    public static final int MAX_TEXT_LENGTH = 200;

    /**
     * Checks every rule, in field order, and reports the first broken one.
     *
     * @throws ServiceException a {@code BAD_REQUEST} naming the offending field
     */
    public void validate(Instant now) {
        requireText("title", title);
        requireText("skuId", skuId);
        requireAtLeast("priceCents", priceCents, 0);
        requireAtLeast("stock", stock, 1);
        require("startsAt", startsAt != null, "startsAt is required");
        require("endsAt", endsAt != null, "endsAt is required");
        require("endsAt", endsAt.isAfter(startsAt), "endsAt must be after startsAt");
        require("endsAt", endsAt.isAfter(now), "endsAt must be in the future");
        requireAtLeast("perUserLimit", perUserLimit == null ? null : perUserLimit.longValue(), 1);
    }

    /** The activity this request creates; call only after {@link #validate(Instant)} accepted it. */
    public Activity toActivity(String id, Instant createdAt) {
        return new Activity(id, title.strip(), skuId.strip(), priceCents, stock, stock, startsAt, endsAt,
                perUserLimit, createdAt);
    }

    private static void requireText(String field, String value) {
        require(field, value != null && !value.isBlank(), field + " must not be blank");
        require(field, value.strip().length() <= MAX_TEXT_LENGTH,
                field + " must be at most " + MAX_TEXT_LENGTH + " characters");
    }

    private static void requireAtLeast(String field, Long value, long min) {
        require(field, value != null, field + " is required");
        require(field, value >= min, field + " must be at least " + min);
    }

    private static void require(String field, boolean valid, String detail) {
        if (!valid) {
            throw ServiceException.invalidField(field, detail);
        }
    }
}
