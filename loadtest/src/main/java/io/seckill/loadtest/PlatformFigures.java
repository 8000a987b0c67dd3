package io.seckill.loadtest;

import java.util.List;

/**
 * Everything the invariants are judged on, read once the platform is quiet: the admin stock report and order
 * summary of the activity, the payment of every order the run saw PAID, the broker's figures, and what the client
 * itself counted.
 *
 * @param redisRemaining       null while the activity is not warm in Redis
 * @param accepted             202 answers the run received
 * @param ordersFound          of those, orders that the owner could read back
 * @param uncertainAnswers     requests answered 5xx or not at all: each may or may not have reserved a unit
 * @param unansweredOrders     orders of this activity held by the users of those requests (their owners' lists)
 * @param ordersBefore         pendingPayment + paid + cancelled of the activity before the run (0 for a new one)
 * @param paidBefore           paid orders of the activity before the run
 * @param paidOrders           the payment of each of the run's orders that ended PAID
 * @param cancelledPayments    the payment (if any) of each of the run's orders that ended CANCELLED although a
 *                             payment was tried for it
 */
public record PlatformFigures(long initialStock, long mysqlRemaining, Long redisRemaining, long liveReservations,
                              long pendingPayment, long paid, long cancelled, long distinctBuyers, long maxPerBuyer,
                              int perUserLimit, long accepted, long ordersFound, long uncertainAnswers,
                              long unansweredOrders, long ordersBefore, long paidBefore,
                              List<PaymentOfOrder> paidOrders, List<PaymentOfOrder> cancelledPayments,
                              BrokerFigures broker) {

    /**
     * The admin view of one order's payment; {@code status} is null when the order has no payment at all.
     */
    public record PaymentOfOrder(String orderId, String status, long providerCharges, long providerRefunds) {
        boolean succeededOnce() {
            return "SUCCEEDED".equals(status) && providerCharges == 1 && providerRefunds == 0;
        }

        /** Nothing kept: no payment, or one never charged, or one charged once and refunded once. */
        boolean keepsNoMoney() {
            return status == null || (providerCharges == providerRefunds && providerCharges <= 1
                    && (providerCharges == 0 || "REFUNDED".equals(status)));
        }
    }

    public long ordersTotal() {
        return pendingPayment + paid + cancelled;
    }
}
