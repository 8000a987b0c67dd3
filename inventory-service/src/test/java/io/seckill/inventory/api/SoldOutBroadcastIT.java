package io.seckill.inventory.api;

import io.seckill.common.event.ActivitySoldOut;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.testing.EventProducer;
import io.seckill.testsupport.ServiceClient;
import io.seckill.testsupport.TopicReader;
import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sold-out flag shared across instances through {@code seckill.sold-out}. */
class SoldOutBroadcastIT extends InventoryServiceSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @Timeout(120)
    void theFirstSoldOutAnswerIsAnnouncedOnce() {
        String id = openActivity(1);
        assertThat(user("announce-winner").post("/api/seckill/" + id).statusCode()).isEqualTo(202);
        for (int i = 0; i < 20; i++) {
            assertThat(user("announce-loser-" + i).post("/api/seckill/" + id).statusCode()).isEqualTo(409);
        }

        List<ConsumerRecord<byte[], byte[]>> announcements = TopicReader.read(
                EmbeddedMqBroker.shared().bootstrapServers(), Topics.SECKILL_SOLD_OUT,
                record -> id.equals(new String(record.key(), StandardCharsets.UTF_8)),
                found -> !found.isEmpty(), Duration.ofSeconds(2), Duration.ofSeconds(30));

        // Twenty refusals within the flag's life (1 s): the first asked Redis and announced, the rest were refused
        // from memory. A slow machine may let the flag expire once, so allow a second announcement, never one each.
        assertThat(announcements).hasSizeBetween(1, 2);
        ActivitySoldOut announced = JSON.readValue(announcements.getFirst().value(), ActivitySoldOut.class);
        assertThat(announced.activityId()).isEqualTo(id);
    }

    @Test
    @Timeout(120)
    void anAnnouncementFromAnotherInstanceMakesThisOneRefuseFromMemory() {
        String id = openActivity(400);
        AtomicInteger attempts = new AtomicInteger();
        // The listener reads from the log end once assigned: announce until one arrives after the assignment. Each
        // attempt is a new user, so that only the flag can refuse it while Redis has units left.
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    EventProducer.send(Topics.SECKILL_SOLD_OUT, id, new ActivitySoldOut(id, Instant.now()));
                    return user("flagged-buyer-" + attempts.incrementAndGet()).post("/api/seckill/" + id);
                }, response -> response.statusCode() != 202);

        assertThat(ServiceClient.json(refused).get("code").asString()).isEqualTo("SOLD_OUT");
        assertThat(stock(id).get("redisRemaining").asLong()).as("Redis still has units").isPositive();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(user("flagged-late").post("/api/seckill/" + id).statusCode()).isEqualTo(202));
    }
}
