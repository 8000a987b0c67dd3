package io.seckill.inventory.api;

import io.seckill.common.event.SeckillReserved;
import io.seckill.common.messaging.Topics;
import io.seckill.testsupport.ConcurrentCalls;
import io.seckill.testsupport.EmbeddedMqBroker;
import io.seckill.testsupport.EmbeddedRedis;
import io.seckill.inventory.testing.HotStockProbe;
import io.seckill.testsupport.ServiceClient;
import io.seckill.inventory.testing.ReservedRecords;
import io.seckill.testsupport.TopicReader;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SeckillApiIT extends InventoryServiceSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HotStockProbe probe = new HotStockProbe(EmbeddedRedis.shared().client());

    @Test
    @Timeout(180)
    void crowdOfTwoThousandBuysExactlyTheStockAndEachSaleIsPublishedOnce() {
        String id = openActivity(100);

        List<HttpResponse<String>> responses = ConcurrentCalls.run(2_000, 200,
                i -> user("crowd-" + i).post("/api/seckill/" + id));

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).as(byStatus.toString()).containsOnly(Map.entry(202, 100L), Map.entry(409, 1_900L));
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 409).toList();
        assertThat(refused).allSatisfy(r -> assertThat(code(r)).isEqualTo("SOLD_OUT"));
        List<HttpResponse<String>> accepted = responses.stream().filter(r -> r.statusCode() == 202).toList();
        assertThat(accepted).allSatisfy(r -> assertThat(ServiceClient.json(r).get("status").asString())
                .isEqualTo("RESERVED"));
        Set<String> acceptedOrders = accepted.stream()
                .map(r -> ServiceClient.json(r).get("orderId").asString()).collect(Collectors.toSet());
        assertThat(acceptedOrders).hasSize(100);

        List<ConsumerRecord<byte[], byte[]>> published = published(id, records -> records.size() >= 100);
        assertThat(published).hasSize(100);
        assertThat(published).allSatisfy(record -> assertThat(header(record, MqContract.Headers.MESSAGE_ID))
                .isNotBlank());
        Map<String, SeckillReserved> events = published.stream().map(SeckillApiIT::event)
                .collect(Collectors.toMap(SeckillReserved::orderId, Function.identity()));
        assertThat(events.keySet()).isEqualTo(acceptedOrders);
        assertThat(published).allSatisfy(record -> assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo(event(record).orderId()));
        assertThat(events.values()).allSatisfy(event -> assertThat(event.priceCents()).isEqualTo(49_900));
        assertThat(events.values().stream().map(SeckillReserved::userId).distinct()).hasSize(100);
        assertThat(probe.stock(id)).isZero();
        assertThat(probe.reservations(id).keySet()).isEqualTo(acceptedOrders);
    }

    @Test
    void secondAttemptOfTheSameUserIsAlreadyPurchasedAndOnlyTheFirstIsPublished() {
        String id = openActivity(5);

        HttpResponse<String> first = user("twice").post("/api/seckill/" + id);
        HttpResponse<String> second = user("twice").post("/api/seckill/" + id);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(code(second)).isEqualTo("ALREADY_PURCHASED");
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        List<ConsumerRecord<byte[], byte[]>> published = published(id, records -> !records.isEmpty());
        assertThat(published).extracting(record -> event(record).orderId())
                .containsExactly(ServiceClient.json(first).get("orderId").asString());
        assertThat(probe.stock(id)).isEqualTo(4);
    }

    @Test
    void attemptBeforeTheWindowIsNotStartedAndAfterItEndedAndNeitherIsPublished() {
        String notStarted = createActivity(activityRequest(Instant.now().plus(Duration.ofHours(2)),
                Instant.now().plus(Duration.ofHours(3)), 5));
        assertThat(admin().post("/api/admin/activities/" + notStarted + "/warmup").statusCode()).isEqualTo(204);
        String ended = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(2), 5));
        assertThat(admin().post("/api/admin/activities/" + ended + "/warmup").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.serverNow().isAfter(endsAt(ended)));

        HttpResponse<String> early = user("early").post("/api/seckill/" + notStarted);
        HttpResponse<String> late = user("late").post("/api/seckill/" + ended);

        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(code(early)).isEqualTo("NOT_STARTED");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(code(late)).isEqualTo("ENDED");
        // A sale made after the refusals is delivered; by then the refused attempts would have been too.
        String sentinel = openActivity(1);
        assertThat(user("sentinel").post("/api/seckill/" + sentinel).statusCode()).isEqualTo(202);
        assertThat(published(sentinel, records -> !records.isEmpty())).hasSize(1);
        assertThat(published(Set.of(notStarted, ended), records -> true, Duration.ofSeconds(2))).isEmpty();
        assertThat(probe.stock(notStarted)).isEqualTo(5);
        assertThat(probe.stock(ended)).isEqualTo(5);
    }

    @Test
    void unknownActivityIsNotFound() {
        HttpResponse<String> response = user("lost").post("/api/seckill/no-such-activity");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(code(response)).isEqualTo("NOT_FOUND");
    }

    @Test
    void attemptWithoutAUserOrWithoutTheGatewayCredentialIsUnauthorizedAndTakesNothing() {
        String id = openActivity(3);

        HttpResponse<String> anonymousAttempt = anonymous().post("/api/seckill/" + id);
        HttpResponse<String> forged = user("forger").without("X-Internal-Auth").post("/api/seckill/" + id);
        HttpResponse<String> wrongSecret = user("forger").withHeader("X-Internal-Auth", "guess")
                .post("/api/seckill/" + id);

        assertThat(List.of(anonymousAttempt, forged, wrongSecret)).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(code(response)).isEqualTo("UNAUTHORIZED");
        });
        assertThat(probe.stock(id)).isEqualTo(3);
        assertThat(probe.reservations(id)).isEmpty();
    }

    @Test
    void soldOutActivityIsRefusedAgainWithoutTakingAnything() {
        String id = openActivity(1);
        assertThat(user("only").post("/api/seckill/" + id).statusCode()).isEqualTo(202);

        List<HttpResponse<String>> later = List.of(user("second").post("/api/seckill/" + id),
                user("third").post("/api/seckill/" + id));

        assertThat(later).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
            assertThat(code(response)).isEqualTo("SOLD_OUT");
        });
        assertThat(probe.reservations(id)).hasSize(1);
    }

    private Instant endsAt(String id) {
        return Instant.parse(ServiceClient.json(anonymous().get("/api/activities/" + id)).get("endsAt").asString());
    }

    private static List<ConsumerRecord<byte[], byte[]>> published(String activityId,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        return published(Set.of(activityId), done, Duration.ofSeconds(1));
    }

    /** The records of {@code seckill.reserved} for these activities, read until {@code done} and {@code settle}. */
    private static List<ConsumerRecord<byte[], byte[]>> published(Set<String> activityIds,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration settle) {
        return TopicReader.read(EmbeddedMqBroker.shared().bootstrapServers(), Topics.SECKILL_RESERVED,
                ReservedRecords.ofActivities(activityIds), done, settle, Duration.ofSeconds(60));
    }

    private static SeckillReserved event(ConsumerRecord<byte[], byte[]> record) {
        return JSON.readValue(record.value(), SeckillReserved.class);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String code(HttpResponse<String> response) {
        return ServiceClient.json(response).get("code").asString();
    }
}
