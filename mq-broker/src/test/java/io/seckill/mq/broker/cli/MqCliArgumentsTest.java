package io.seckill.mq.broker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Argument parsing and exit codes, without a broker: the client factory records what it is asked for. */
class MqCliArgumentsTest {

    private final RecordingClientFactory clients = new RecordingClientFactory();

    private CliRun mq(String... args) {
        return CliRun.run(clients, "", args);
    }

    @Test
    void bootstrapServerDefaultsToLocalhost() {
        assumeTrue(System.getenv("MQ_BOOTSTRAP_SERVERS") == null, "MQ_BOOTSTRAP_SERVERS is set");

        mq("topics", "list");

        assertThat(clients.lastConfig()).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void bootstrapServerIsAGlobalOptionAcceptedBeforeOrAfterTheCommand() {
        mq("--bootstrap-server", "before:1", "topics", "list");
        mq("topics", "list", "--bootstrap-server", "after:2");
        mq("groups", "--bootstrap-server", "between:3", "list");

        assertThat(clients.configs).extracting(config -> config.get("bootstrap.servers"))
                .containsExactly("before:1", "after:2", "between:3");
    }

    @Test
    void clientsGetShortTimeoutsSoAnUnreachableBrokerCannotHangACommand() {
        mq("topics", "list");

        assertThat(clients.lastConfig())
                .containsEntry("request.timeout.ms", ClientSettings.REQUEST_TIMEOUT_MS)
                .containsEntry("default.api.timeout.ms", ClientSettings.API_TIMEOUT_MS);
    }

    @Test
    void commandConfigFileAddsAndOverridesClientProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=PLAINTEXT\nrequest.timeout.ms=1234\n");

        mq("topics", "list", "--command-config", file.toString(), "--bootstrap-server", "b:1");

        assertThat(clients.lastConfig())
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("request.timeout.ms", "1234")
                .containsEntry("bootstrap.servers", "b:1");
    }

    @Test
    void aFailingCommandPrintsOneLineOnStderrAndExitsWith1() {
        CliRun run = mq("topics", "describe", "orders");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("mq: " + RecordingClientFactory.FAILURE + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreadableCommandConfigFileFailsWithItsName(@TempDir Path dir) {
        CliRun run = mq("topics", "list", "--command-config", dir.resolve("missing.properties").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("mq: cannot read --command-config ").contains("missing.properties");
        assertThat(clients.configs).isEmpty();
    }

    @Test
    void aMissingCommandIsAUsageError() {
        CliRun root = mq();
        CliRun topics = mq("topics");

        assertThat(root.exitCode()).isEqualTo(2);
        assertThat(root.err()).contains("missing command").contains("topics").contains("Run 'mq --help'");
        assertThat(topics.exitCode()).isEqualTo(2);
        assertThat(topics.err()).contains("missing command").contains("create");
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreUsageErrors() {
        CliRun unknownOption = mq("topics", "list", "--no-such-option");
        CliRun missingName = mq("topics", "create");
        CliRun unknownCommand = mq("topic", "list");

        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--no-such-option").contains("Run 'mq topics list --help'");
        assertThat(missingName.exitCode()).isEqualTo(2);
        assertThat(missingName.err()).contains("NAME");
        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(clients.configs).isEmpty();
    }

    @Test
    void invalidNumbersAreUsageErrorsBeforeAnyClientIsCreated() {
        assertThat(mq("topics", "create", "t", "--partitions", "0").exitCode()).isEqualTo(2);
        assertThat(mq("topics", "create", "t", "--partitions", "many").exitCode()).isEqualTo(2);
        assertThat(mq("consume", "t", "--max", "0").exitCode()).isEqualTo(2);
        assertThat(mq("consume", "t", "--timeout-ms", "-1").exitCode()).isEqualTo(2);
        assertThat(clients.configs).isEmpty();
    }

    @Test
    void resetOffsetsNeedsExactlyOneTargetAndATopic() {
        CliRun noTarget = mq("groups", "reset-offsets", "g", "--topic", "t");
        CliRun twoTargets = mq("groups", "reset-offsets", "g", "--topic", "t", "--to-earliest", "--to-latest");
        CliRun noTopic = mq("groups", "reset-offsets", "g", "--to-earliest");
        CliRun badDate = mq("groups", "reset-offsets", "g", "--topic", "t", "--to-datetime", "yesterday");

        assertThat(noTarget.exitCode()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--to-earliest");
        assertThat(twoTargets.exitCode()).isEqualTo(2);
        assertThat(twoTargets.err()).contains("mutually exclusive");
        assertThat(noTopic.exitCode()).isEqualTo(2);
        assertThat(noTopic.err()).contains("--topic");
        assertThat(badDate.exitCode()).isEqualTo(2);
        assertThat(badDate.err()).contains("'yesterday' is not an ISO date-time");
        assertThat(clients.configs).isEmpty();
    }

    @Test
    void helpGoesToStdoutWithExitCode0() {
        CliRun root = mq("--help");
        CliRun create = mq("topics", "create", "--help");

        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).contains("Usage: mq").contains("--bootstrap-server").contains("groups");
        assertThat(create.exitCode()).isZero();
        assertThat(create.out()).contains("Usage: mq topics create").contains("--partitions").contains("--config");
        assertThat(clients.configs).isEmpty();
    }
}
