package io.seckill.inventory.testing;

import io.seckill.common.event.SeckillReserved;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Selects {@code seckill.reserved} records by activity. The shared topic also holds the malformed records that
 * {@code StockLedgerIT} sends on purpose, which no filter keeps.
 */
public final class ReservedRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReservedRecords() {
    }

    /** Keeps the well-formed reservations of these activities. */
    public static Predicate<ConsumerRecord<byte[], byte[]>> ofActivities(Set<String> activityIds) {
        return record -> {
            if (record.value() == null) {
                return false;
            }
            try {
                return activityIds.contains(JSON.readValue(record.value(), SeckillReserved.class).activityId());
            } catch (JacksonException e) {
                return false;
            }
        };
    }
}
