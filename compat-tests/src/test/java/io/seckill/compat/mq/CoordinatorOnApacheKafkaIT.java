package io.seckill.compat.mq;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** Half messages and delayed delivery on Apache Kafka with the standalone coordinator. */
class CoordinatorOnApacheKafkaIT {

    private static CoordinatedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = InProcessKafkaCluster.start();
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
