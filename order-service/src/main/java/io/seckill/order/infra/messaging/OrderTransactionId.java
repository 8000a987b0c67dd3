package io.seckill.order.infra.messaging;

import java.util.Objects;
import java.util.Optional;

/**
 * The transaction id of one of this service's half messages, {@code kind:subject}: which local transaction it was
 * and the row that transaction writes, so that the one check-back handler of the producer group can dispatch on
 * the kind and answer from the row without parsing the message value.
 *
 * <p>Kinds never contain {@code ':'}, so the first colon separates the two.
 *
 * @param kind    which local transaction
 * @param subject the order id (creation, cancellation) or the payment id (refund request)
 */
public record OrderTransactionId(Kind kind, String subject) {

    private static final char SEPARATOR = ':';

    public OrderTransactionId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
    }

    /** The local transactions of this service's half messages. */
    public enum Kind {
        /** The order insert, announcing {@code order.payment-timeout} (delayed); subject = order id. */
        ORDER_CREATED("order-created"),
        /** The PENDING_PAYMENT → CANCELLED transition, announcing {@code order.cancelled}; subject = order id. */
        ORDER_CANCELLED("order-cancelled"),
        /** The refund-request insert, announcing {@code payment.refund-requested}; subject = payment id. */
        REFUND_REQUESTED("refund-requested");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        static Optional<Kind> ofLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** The id spelled in {@code text}, or empty if it is not {@code kind:subject} with a known kind. */
    public static Optional<OrderTransactionId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int separator = text.indexOf(SEPARATOR);
        if (separator <= 0 || separator == text.length() - 1) {
            return Optional.empty();
        }
        String subject = text.substring(separator + 1);
        return Kind.ofLabel(text.substring(0, separator)).map(kind -> new OrderTransactionId(kind, subject));
    }

    /** The text form carried by the half message. */
    public String format() {
        return kind.label + SEPARATOR + subject;
    }
}
