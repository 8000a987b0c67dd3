package io.seckill.gateway.infra.ratelimit;

import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.RateDecision;
import org.junit.jupiter.api.Test;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The batcher against a scripted Redis whose answers the test releases one call at a time. */
class BucketCallBatcherTest {

    private static final BucketLimit LIMIT = new BucketLimit(5, 10);

    /** A script call that answers only when the test says so. */
    private static final class ScriptedRedis implements BucketCallBatcher.ScriptCall {

        final List<List<String>> keysOfCalls = new CopyOnWriteArrayList<>();
        final List<List<String>> argsOfCalls = new CopyOnWriteArrayList<>();
        final List<Sinks.One<List<Long>>> answers = new CopyOnWriteArrayList<>();

        @Override
        public Mono<List<Long>> apply(List<String> keys, List<String> args) {
            keysOfCalls.add(keys);
            argsOfCalls.add(args);
            Sinks.One<List<Long>> answer = Sinks.one();
            answers.add(answer);
            return answer.asMono();
        }

        /** Answers call {@code call} with {@code triples} (allowed, remaining, wait per check). */
        void answer(int call, long... triples) {
            List<Long> reply = new ArrayList<>();
            for (long number : triples) {
                reply.add(number);
            }
            answers.get(call).tryEmitValue(reply);
        }
    }

    private final ScriptedRedis redis = new ScriptedRedis();
    private static final Timer BACKSTOP = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);

    private final List<Integer> callSizes = new CopyOnWriteArrayList<>();
    private final BucketCallBatcher batcher =
            new BucketCallBatcher(redis, 4, Duration.ofSeconds(5), BACKSTOP, callSizes::add);

    @Test
    void requestOnAnIdleBatcherIsSentAtOnce() {
        AtomicReference<List<RateDecision>> decided = new AtomicReference<>();
        batcher.submit(List.of(user("u1"))).subscribe(decided::set);

        assertThat(redis.keysOfCalls).containsExactly(List.of(BucketKind.USER.key("u1")));
        assertThat(redis.argsOfCalls).containsExactly(List.of("5.0", "10", "0"));
        redis.answer(0, 1, 9, 0);
        assertThat(decided.get()).singleElement().satisfies(d -> {
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(9);
        });
    }

    @Test
    void requestsArrivingWhileACallIsInFlightLeaveTogetherInTheNextCall() {
        List<List<RateDecision>> decided = new CopyOnWriteArrayList<>();
        batcher.submit(List.of(user("a"))).subscribe(decided::add);
        batcher.submit(List.of(user("b"), activity("x"))).subscribe(decided::add);
        batcher.submit(List.of(user("c"), activity("x"))).subscribe(decided::add);
        assertThat(redis.keysOfCalls).hasSize(1);

        redis.answer(0, 1, 9, 0);

        assertThat(redis.keysOfCalls).hasSize(2);
        assertThat(redis.keysOfCalls.get(1)).containsExactly(BucketKind.USER.key("b"), BucketKind.ACTIVITY.key("x"),
                BucketKind.USER.key("c"), BucketKind.ACTIVITY.key("x"));
        // The second check of each request runs only if the first was allowed.
        assertThat(redis.argsOfCalls.get(1)).containsExactly("5.0", "10", "0", "5.0", "10", "1",
                "5.0", "10", "0", "5.0", "10", "1");
        redis.answer(1, 1, 4, 0, 1, 7, 0, 0, 0, 800, -1, 0, 0);

        assertThat(decided).hasSize(3);
        assertThat(callSizes).containsExactly(1, 4);
        assertThat(decided.get(1)).extracting(RateDecision::allowed).containsExactly(true, true);
        assertThat(decided.get(2)).singleElement().satisfies(d -> {
            assertThat(d.allowed()).isFalse();
            assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(800));
        });
    }

    @Test
    void aCallCarriesAtMostMaxChecksButNeverSplitsARequest() {
        batcher.submit(List.of(user("first"))).subscribe();
        for (String id : List.of("a", "b", "c")) {
            batcher.submit(List.of(user(id), activity("x"))).subscribe();
        }
        redis.answer(0, 1, 9, 0);
        assertThat(redis.keysOfCalls.get(1)).hasSize(4);
        redis.answer(1, 1, 9, 0, 1, 9, 0, 1, 9, 0, 1, 9, 0);
        assertThat(redis.keysOfCalls.get(2)).containsExactly(BucketKind.USER.key("c"), BucketKind.ACTIVITY.key("x"));
    }

    @Test
    void requestCancelledBeforeItsCallLeftIsNeverSent() {
        batcher.submit(List.of(user("first"))).subscribe();
        Disposable gaveUp = batcher.submit(List.of(user("gone"))).subscribe();
        AtomicReference<List<RateDecision>> decided = new AtomicReference<>();
        batcher.submit(List.of(user("kept"))).subscribe(decided::set);
        gaveUp.dispose();

        redis.answer(0, 1, 9, 0);

        assertThat(redis.keysOfCalls.get(1)).containsExactly(BucketKind.USER.key("kept"));
        redis.answer(1, 1, 9, 0);
        assertThat(decided.get()).isNotNull();
    }

    @Test
    void failedCallFailsEveryRequestInItAndTheNextCallStillLeaves() {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        batcher.submit(List.of(user("a"))).subscribe(d -> { }, failed::set);
        AtomicReference<List<RateDecision>> later = new AtomicReference<>();
        batcher.submit(List.of(user("b"))).subscribe(later::set);

        redis.answers.getFirst().tryEmitError(new IllegalStateException("connection reset"));

        assertThat(failed.get()).hasMessage("connection reset");
        redis.answer(1, 1, 9, 0);
        assertThat(later.get()).isNotNull();
    }

    @Test
    void replyOfTheWrongLengthFailsTheRequestsInsteadOfMisattributingDecisions() {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        batcher.submit(List.of(user("a"), activity("x"))).subscribe(d -> { }, failed::set);
        redis.answer(0, 1, 9, 0);
        assertThat(failed.get()).hasMessageContaining("3 numbers for 2 checks");
    }

    @Test
    void requestQueuedLongerThanHalfTheDecisionTimeoutFailsWithoutBeingSent() {
        AtomicLong nanos = new AtomicLong();
        BucketCallBatcher timed = new BucketCallBatcher(redis, 4, Duration.ofMillis(100), BACKSTOP, size -> { }, nanos::get);
        timed.submit(List.of(user("first"))).subscribe();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        timed.submit(List.of(user("late"))).subscribe(d -> { }, failed::set);
        nanos.addAndGet(Duration.ofMillis(51).toNanos());
        AtomicReference<List<RateDecision>> fresh = new AtomicReference<>();
        timed.submit(List.of(user("fresh"))).subscribe(fresh::set);

        redis.answer(0, 1, 9, 0);

        assertThat(failed.get()).isInstanceOf(TimeoutException.class);
        assertThat(redis.keysOfCalls.get(1)).containsExactly(BucketKind.USER.key("fresh"));
        redis.answer(1, 1, 9, 0);
        assertThat(fresh.get()).isNotNull();
    }

    @Test
    void callThatNeverEndsIsGivenUpAfterTheDecisionTimeoutAndFreesTheWay() {
        BucketCallBatcher quick = new BucketCallBatcher(redis, 4, Duration.ofMillis(100), BACKSTOP, size -> { });
        Throwable failure = quick.submit(List.of(user("a")))
                .map(d -> (Throwable) new AssertionError("answered"))
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(5));
        assertThat(failure).isInstanceOf(TimeoutException.class);

        AtomicReference<List<RateDecision>> later = new AtomicReference<>();
        quick.submit(List.of(user("b"))).subscribe(later::set);
        assertThat(redis.keysOfCalls).hasSize(2);
        redis.answer(0, 1, 9, 0);
        redis.answer(1, 1, 9, 0);
        assertThat(later.get()).as("the given-up call's late answer went nowhere").isNotNull()
                .singleElement().satisfies(d -> assertThat(d.allowed()).isTrue());
    }

    private static BucketCheck user(String id) {
        return BucketCheck.of(BucketKind.USER, id, LIMIT);
    }

    private static BucketCheck activity(String id) {
        return BucketCheck.of(BucketKind.ACTIVITY, id, LIMIT);
    }
}
