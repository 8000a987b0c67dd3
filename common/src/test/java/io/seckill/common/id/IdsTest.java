package io.seckill.common.id;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void idsAreCrockfordBase32OfFixedLength() {
        assertThat(Ids.next()).hasSize(Ids.LENGTH).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void idsOfOneProcessAreStrictlyIncreasing() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(Ids.next());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
    }

    @Test
    void idsMadeLaterSortAfterIdsMadeEarlier() throws InterruptedException {
        String earlier = Ids.next();
        Thread.sleep(2);
        String later = Ids.next();

        assertThat(later.substring(0, 10)).isGreaterThan(earlier.substring(0, 10));
    }

    @Test
    void concurrentCallersNeverGetTheSameId() throws InterruptedException {
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        ids.add(Ids.next());
                    }
                });
            }
        }
        assertThat(new HashSet<>(ids)).hasSize(80_000);
    }

    @Test
    void timestampOfAnIdIsWhenItWasMade() {
        long before = System.currentTimeMillis();
        String id = Ids.next();
        long after = System.currentTimeMillis();

        assertThat(Ids.timestampOf(id)).hasValueSatisfying(made ->
                assertThat(made.toEpochMilli()).isBetween(before, after));
    }

    @Test
    void timestampOfSomethingElseIsEmpty() {
        assertThat(Ids.timestampOf("order-1")).isEmpty();
        assertThat(Ids.timestampOf("01M89EYEFGSX3N6DNXGXSNR1!G")).isEmpty();
        assertThat(Ids.timestampOf(null)).isEmpty();
    }
}
