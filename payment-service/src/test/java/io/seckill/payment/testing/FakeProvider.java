package io.seckill.payment.testing;

import io.seckill.payment.domain.PaymentProvider;
import io.seckill.payment.domain.ProviderReceipt;
import io.seckill.payment.domain.ProviderRequest;
import io.seckill.payment.domain.ProviderUnavailableException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An idempotent {@link PaymentProvider} in memory that records every call and can be told to fail the next calls.
 * Thread-safe.
 */
public final class FakeProvider implements PaymentProvider {

    private final Map<String, ProviderReceipt> charges = new ConcurrentHashMap<>();
    private final Map<String, ProviderReceipt> refunds = new ConcurrentHashMap<>();
    private final List<ProviderRequest> chargeCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** The next {@code calls} calls throw {@link ProviderUnavailableException} without booking. */
    public void failNext(int calls) {
        failuresLeft.set(calls);
    }

    @Override
    public ProviderReceipt charge(ProviderRequest request) {
        chargeCalls.add(request);
        failIfTold();
        return charges.computeIfAbsent(request.idempotencyKey(),
                key -> new ProviderReceipt("ch-" + key, Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Override
    public ProviderReceipt refund(ProviderRequest request) {
        failIfTold();
        return refunds.computeIfAbsent(request.idempotencyKey(),
                key -> new ProviderReceipt("re-" + key, Instant.parse("2026-01-02T00:00:00Z")));
    }

    /** Distinct keys charged (a double charge would show as two). */
    public Map<String, ProviderReceipt> charges() {
        return Map.copyOf(charges);
    }

    public Map<String, ProviderReceipt> refunds() {
        return Map.copyOf(refunds);
    }

    /** Every charge call, including failed ones and repeats. */
    public List<ProviderRequest> chargeCalls() {
        return List.copyOf(chargeCalls);
    }

    private void failIfTold() {
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new ProviderUnavailableException("fake provider told to fail");
        }
    }
}
