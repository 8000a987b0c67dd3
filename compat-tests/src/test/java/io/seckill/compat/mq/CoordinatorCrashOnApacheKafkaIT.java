package io.seckill.compat.mq;

import java.nio.file.Path;

/** SIGKILL of the standalone coordinator process next to Apache Kafka. */
class CoordinatorCrashOnApacheKafkaIT extends AbstractCoordinatorCrashTests {

    @Override
    KillableCoordinator start(Path dataDir) throws Exception {
        return new KafkaWithCoordinatorProcess();
    }
}
