package io.seckill.compat.mq;

import java.nio.file.Path;

/** SIGKILL of the mq-broker process, whose coordinator runs inside it. */
class CoordinatorCrashOnMqBrokerIT extends AbstractCoordinatorCrashTests {

    @Override
    KillableCoordinator start(Path dataDir) throws Exception {
        return new MqBrokerProcessCluster(dataDir);
    }
}
