package io.seckill.payment.api;

import io.seckill.common.error.ServiceException;
import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentRepository;
import io.seckill.payment.domain.ProviderBooks;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Operations' read of one order's payment and of what the provider booked for it, for the invariant "every PAID
 * order has exactly one succeeded payment, charged once". ADMIN only (checked before this runs).
 */
@RestController
public class PaymentAdminController {

    private final PaymentRepository payments;
    private final ProviderBooks providerBooks;

    public PaymentAdminController(PaymentRepository payments, ProviderBooks providerBooks) {
        this.payments = payments;
        this.providerBooks = providerBooks;
    }

    /** 200 with the order's payment and the provider's booking counts; 404 if the order has no payment; 400. */
    @GetMapping("/api/admin/payments")
    public PaymentDetails byOrder(@RequestParam(required = false) String orderId) {
        String id = PaymentController.requireOrderId(orderId);
        Payment payment = payments.findByOrderId(id)
                .orElseThrow(() -> ServiceException.notFound("payment of order", id));
        ProviderBooks.BookedCounts booked = providerBooks.bookedFor(id);
        return new PaymentDetails(payment.id(), payment.orderId(), payment.userId(), payment.status().name(),
                payment.amountCents(), payment.createdAt(), payment.paidAt(), payment.refundedAt(), booked.charges(),
                booked.refunds());
    }

    /**
     * A payment with the provider's view: {@code providerCharges} is 1 for a succeeded payment and never more;
     * {@code status} ∈ PENDING, SUCCEEDED, REFUNDED.
     */
    public record PaymentDetails(String paymentId, String orderId, String userId, String status, long amountCents,
                                 Instant createdAt, Instant paidAt, Instant refundedAt, long providerCharges,
                                 long providerRefunds) {
    }
}
