package io.seckill.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered Deployments, Services, probes, autoscalers and disruption budgets of the gateway and the services
 * agree with each service's application.yml, in both overlays.
 */
class KubernetesConsistencyTest {

    private static final Pattern HTTP_URL = Pattern.compile("^https?://([a-z0-9-]+):(\\d+)");

    static Stream<Arguments> overlaysAndModules() {
        return Kustomize.OVERLAYS.stream().flatMap(overlay -> Repo.SPRING_MODULES.stream()
                .map(module -> Arguments.of(overlay, module)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndModules")
    void portsAndProbesAreTheServicesReal(String overlay, String module) {
        Manifests manifests = Manifests.of(overlay);
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, Object> deployment = manifests.get("Deployment", module);
        Map<String, Object> container = Manifests.container(deployment);

        assertThat(Tree.list(container, "ports")).singleElement()
                .satisfies(port -> assertThat(Tree.string(port, "containerPort")).isEqualTo(String.valueOf(config.port())));
        assertThat(Manifests.servicePort(manifests.get("Service", module), "http")).isEqualTo(config.port());
        assertThat(manifests.environment(container)).containsEntry("SERVER_PORT", String.valueOf(config.port()));
        assertThat(config.value("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(config.exposedEndpoints()).contains("health", "prometheus");
        assertThat(Tree.string(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(Tree.string(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(Tree.string(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            assertThat(Tree.string(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
        }
        Map<String, Object> annotations = Tree.map(deployment, "spec.template.metadata.annotations");
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(config.port()))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
        assertThat(Tree.string(container, "image")).startsWith("seckill/" + module + ":");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndModules")
    void environmentBindsToRealPropertiesAndOverridesEveryEmbeddedDefault(String overlay, String module) {
        Manifests manifests = Manifests.of(overlay);
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, String> env = manifests.environment(Manifests.container(manifests.get("Deployment", module)));

        assertThat(env.keySet()).allSatisfy(name -> assertThat(
                        ComposeConsistencyTest.FRAMEWORK_ENV.contains(name) || config.bindsEnv(name))
                .as("%s binds to no property of %s's application.yml", name, module).isTrue());
        assertThat(config.propertiesToOverride()).allSatisfy(property -> assertThat(env.keySet().stream().anyMatch(name ->
                        name.equals(ServiceConfig.canonicalEnv(property)) || name.equals(ServiceConfig.legacyEnv(property))
                                || String.valueOf(config.properties().get(property)).contains("${" + name + ":")))
                .as("the %s overlay does not set %s for %s", overlay, property, module).isTrue());
        env.forEach((name, value) -> {
            if (name.matches(".*(SECRET|PASSWORD|_KEY)$")) {
                assertThat(value).as("%s of %s must come from the Secret", name, module).startsWith("secret:seckill-secrets/");
            }
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndModules")
    void everyAddressPointsAtAServiceOnItsRealPort(String overlay, String module) {
        Manifests manifests = Manifests.of(overlay);
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, String> env = manifests.environment(Manifests.container(manifests.get("Deployment", module)));

        env.forEach((name, value) -> {
            Matcher url = HTTP_URL.matcher(value);
            if (url.find()) {
                String host = url.group(1);
                assertThat(Manifests.servicePort(manifests.get("Service", host), "http")).as("%s=%s", name, value)
                        .isEqualTo(Integer.parseInt(url.group(2)))
                        .isEqualTo(ServiceConfig.load(host).port());
            }
        });
        if (config.has("spring.data.redis.host")) {
            assertThat(Manifests.servicePort(manifests.get("Service", env.get("SPRING_DATA_REDIS_HOST")), "redis"))
                    .isEqualTo(Integer.parseInt(env.get("SPRING_DATA_REDIS_PORT")));
        }
        if (config.has("spring.datasource.url")) {
            String url = env.get("SPRING_DATASOURCE_URL");
            assertThat(url).startsWith("jdbc:mysql://mysql:" + Manifests.servicePort(manifests.get("Service", "mysql"), "mysql") + "/");
            assertThat(ServiceConfig.jdbcSchema(url)).isEqualTo(config.schema());
            DeploymentFiles.Grant grant = DeploymentFiles.mysqlGrants().get(env.get("SPRING_DATASOURCE_USERNAME"));
            assertThat(grant).as("grant of %s's user", module).isNotNull();
            assertThat(grant.schema()).isEqualTo(config.schema());
        }
        if (config.has("spring.kafka.bootstrap-servers")) {
            assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(MessagingManifestsTest.bootstrap(manifests));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndModules")
    void everyDeploymentHasResourcesAnAutoscalerAndADisruptionBudget(String overlay, String module) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> deployment = manifests.get("Deployment", module);
        Map<String, Object> container = Manifests.container(deployment);

        assertThat(Tree.string(container, "resources.requests.cpu")).isNotNull();
        assertThat(Tree.string(container, "resources.requests.memory")).isNotNull();
        assertThat(Tree.string(container, "resources.limits.memory")).isNotNull();
        assertThat(Tree.at(deployment, "spec.replicas")).as("replicas belong to the autoscaler").isNull();
        Map<String, Object> autoscaler = manifests.get("HorizontalPodAutoscaler", module);
        assertThat(Tree.string(autoscaler, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(Tree.string(autoscaler, "spec.scaleTargetRef.name")).isEqualTo(module);
        assertThat(Tree.map(manifests.get("PodDisruptionBudget", module), "spec.selector.matchLabels"))
                .isEqualTo(Tree.map(deployment, "spec.selector.matchLabels"));
        assertThat(Tree.map(deployment, "spec.template.metadata.labels"))
                .containsAllEntriesOf(Tree.map(manifests.get("Service", module), "spec.selector"));
    }
}
