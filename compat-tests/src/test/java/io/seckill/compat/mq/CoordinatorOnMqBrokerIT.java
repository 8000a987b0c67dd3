package io.seckill.compat.mq;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** Half messages and delayed delivery on mq-broker, the coordinator inside the broker. */
class CoordinatorOnMqBrokerIT {

    private static CoordinatedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = InProcessMqBrokerCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Nested
    class HalfMessages extends AbstractCoordinatorTests {
        @Override
        CoordinatedCluster cluster() {
            return cluster;
        }
    }

    @Nested
    class DelayedMessages extends AbstractDelayTests {
        @Override
        CoordinatedCluster cluster() {
            return cluster;
        }
    }
}
