package io.seckill.payment.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PaymentCheckout} keeps concurrent requests of one order to one charge.
 *
 * @param lease          how long a request holds the right to charge a pending payment (replaced after, if it died)
 * @param inProgressWait how long a request waits for another one charging the same order before 503 BUSY
 * @param pollInterval   how often a waiting request looks at the payment again
 */
public record ChargeSettings(Duration lease, Duration inProgressWait, Duration pollInterval) {

    public ChargeSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(inProgressWait, "inProgressWait");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }
}
