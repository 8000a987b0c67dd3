package io.seckill.deploy;

import io.seckill.common.messaging.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message bus of each overlay: mq-broker with its volume in {@code local}; in {@code kafka} no mq-broker, the
 * services on the Kafka cluster's bootstrap and the standalone coordinator beside them; the business topics of
 * {@link Topics#ALL} created in both (and in compose).
 */
class MessagingManifestsTest {

    /** The services' spring.kafka.bootstrap-servers in an overlay (the seckill-messaging ConfigMap). */
    static String bootstrap(Manifests manifests) {
        return String.valueOf(Tree.map(manifests.get("ConfigMap", "seckill-messaging"), "data")
                .get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void localOverlayRunsMqBrokerWithAVolumeOnTheAdvertisedPorts() {
        Manifests local = Manifests.of("local");
        Map<String, Object> broker = local.get("StatefulSet", "mq-broker");
        Map<String, Object> container = Manifests.container(broker);
        Map<String, String> env = local.environment(container);

        assertThat(Tree.list(broker, "spec.volumeClaimTemplates")).isNotEmpty();
        assertThat(Tree.list(container, "volumeMounts")).anySatisfy(mount -> assertThat(Tree.string(mount, "mountPath"))
                .isEqualTo(env.get("MQ_BROKER_DATA_DIR")));
        int kafkaPort = Manifests.servicePort(local.get("Service", "mq-broker"), "kafka");
        int adminPort = Manifests.servicePort(local.get("Service", "mq-broker"), "admin");
        assertThat(env).containsEntry("MQ_BROKER_PORT", String.valueOf(kafkaPort))
                .containsEntry("MQ_BROKER_ADMIN_PORT", String.valueOf(adminPort))
                .containsEntry("MQ_BROKER_ADVERTISED_HOST", "mq-broker");
        assertThat(bootstrap(local)).isEqualTo("mq-broker:" + kafkaPort);
        assertThat(Tree.string(container, "readinessProbe.httpGet.path")).isEqualTo("/health");
        assertThat(Tree.map(broker, "spec.template.metadata.annotations"))
                .containsEntry("prometheus.io/port", String.valueOf(adminPort)).containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void kafkaOverlayReplacesMqBrokerByTheClusterAndTheStandaloneCoordinator() {
        Manifests kafka = Manifests.of("kafka");

        assertThat(kafka.objects()).noneSatisfy(object -> assertThat(Tree.string(object, "metadata.name")).isEqualTo("mq-broker"));
        assertThat(bootstrap(kafka)).doesNotContain("mq-broker").matches("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*");

        Map<String, Object> coordinator = Manifests.container(kafka.get("Deployment", "mq-coordinator"));
        List<Object> args = Tree.list(coordinator, "args");
        assertThat(args.getFirst()).isEqualTo("coordinator");
        String adminPort = String.valueOf(args.get(args.indexOf("--admin-port") + 1));
        assertThat(kafka.environment(coordinator)).containsEntry("MQ_COORDINATOR_BOOTSTRAP", bootstrap(kafka));
        assertThat(Tree.list(coordinator, "ports")).singleElement()
                .satisfies(port -> assertThat(Tree.string(port, "containerPort")).isEqualTo(adminPort));
        assertThat(Tree.string(coordinator, "readinessProbe.httpGet.path")).isEqualTo("/health");
        assertThat(Tree.map(kafka.get("Deployment", "mq-coordinator"), "spec.template.metadata.annotations"))
                .containsEntry("prometheus.io/port", adminPort);
        assertThat(kafka.find("PodDisruptionBudget", "mq-coordinator")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "kafka"})
    void theTopicsJobCreatesTheBusinessTopicsOnTheServicesBus(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> job = manifests.get("Job", "seckill-topics");

        assertThat(manifests.environment(Manifests.container(job))).containsEntry("MQ_BOOTSTRAP_SERVERS", bootstrap(manifests));
        String script = String.valueOf(Tree.map(manifests.get("ConfigMap", configMapOfVolume(job, "scripts")), "data")
                .get("create-topics.sh"));
        assertThat(script).isEqualTo(Repo.read(DeploymentFiles.TOPICS));
    }

    @Test
    void theCreatedTopicsAreTheBusinessTopics() {
        assertThat(DeploymentFiles.createdTopics()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(Repo.read(DeploymentFiles.TOPICS_K8S)).isEqualTo(Repo.read(DeploymentFiles.TOPICS));
        assertThat(Repo.read(DeploymentFiles.MYSQL_INIT_K8S)).isEqualTo(Repo.read(DeploymentFiles.MYSQL_INIT));
    }

    private static String configMapOfVolume(Map<String, Object> workload, String volume) {
        return Tree.list(workload, "spec.template.spec.volumes").stream()
                .filter(v -> volume.equals(Tree.string(v, "name"))).map(v -> Tree.string(v, "configMap.name"))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + volume));
    }
}
