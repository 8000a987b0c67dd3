package io.seckill.deploy;

import io.seckill.mq.broker.config.BrokerSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml and deploy/ agree with each service's application.yml and with mq-broker's settings. */
class ComposeConsistencyTest {

    /** Spring Boot properties the deployment sets on purpose that no application.yml spells (dashboard quantiles). */
    static final Set<String> FRAMEWORK_ENV = Set.of("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILES_HISTOGRAM_HTTP_SERVER_REQUESTS");

    static final List<String> MODULES = Repo.SPRING_MODULES;

    private static final Pattern HTTP_URL = Pattern.compile("^https?://([a-z0-9-]+):(\\d+)");

    private final Compose compose = Compose.load();

    @ParameterizedTest
    @FieldSource("MODULES")
    void everyEnvironmentVariableBindsToAPropertyOfTheService(String module) {
        ServiceConfig config = ServiceConfig.load(module);

        assertThat(compose.environment(module).keySet()).as("compose environment of %s", module)
                .allSatisfy(env -> assertThat(FRAMEWORK_ENV.contains(env) || config.bindsEnv(env))
                        .as("%s binds to no property of %s's application.yml", env, module).isTrue());
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void everyEmbeddedStackDefaultIsOverridden(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, String> env = compose.environment(module);

        assertThat(config.propertiesToOverride()).as("properties of %s that compose must set", module)
                .allSatisfy(property -> assertThat(env.keySet().stream().anyMatch(name ->
                                name.equals(ServiceConfig.canonicalEnv(property)) || name.equals(ServiceConfig.legacyEnv(property))
                                        || String.valueOf(config.properties().get(property)).contains("${" + name + ":")))
                        .as("compose does not set %s for %s", property, module).isTrue());
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void portHealthCheckAndImageFollowTheServerPort(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        int port = config.port();

        assertThat(compose.environment(module)).containsEntry("SERVER_PORT", String.valueOf(port));
        assertThat(Tree.string(compose.service(module), "build.args.PORT")).isEqualTo(String.valueOf(port));
        assertThat(Tree.string(compose.service(module), "build.args.MODULE")).isEqualTo(module);
        assertThat(compose.healthcheck(module)).contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
        assertThat(config.exposedEndpoints()).as("actuator endpoints of %s", module).contains("health", "prometheus");
        assertThat(config.value("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(Repo.path(module + "/pom.xml")).content()
                .as("%s/pom.xml must build %s/target/%s.jar, which the Dockerfile copies", module, module, module)
                .contains("<finalName>" + module + "</finalName>");
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void everyAddressPointsAtAComposeServiceOnItsRealPort(String module) {
        Map<String, String> env = compose.environment(module);
        env.forEach((name, value) -> {
            Matcher url = HTTP_URL.matcher(value);
            if (url.find()) {
                String host = url.group(1);
                assertThat(compose.services()).as("%s=%s of %s", name, value, module).containsKey(host);
                assertThat(url.group(2)).as("%s=%s: %s's server.port", name, value, host)
                        .isEqualTo(String.valueOf(ServiceConfig.load(host).port()));
            }
        });
        if (env.containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
            assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo("mq-broker:" + compose.environment("mq-broker").get("MQ_BROKER_PORT"));
        }
        if (env.containsKey("SPRING_DATA_REDIS_HOST")) {
            assertThat(compose.services()).containsKey(env.get("SPRING_DATA_REDIS_HOST"));
            assertThat(env.get("SPRING_DATA_REDIS_PORT")).isEqualTo("6379");
        }
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void eachDatabaseUserOwnsExactlyItsServiceSchema(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        if (!config.has("spring.datasource.url")) {
            return;
        }
        Map<String, String> env = compose.environment(module);
        String url = env.get("SPRING_DATASOURCE_URL");
        assertThat(url).startsWith("jdbc:mysql://mysql:3306/");
        assertThat(ServiceConfig.jdbcSchema(url)).as("schema of %s", module).isEqualTo(config.schema());

        DeploymentFiles.Grant grant = DeploymentFiles.mysqlGrants().get(env.get("SPRING_DATASOURCE_USERNAME"));
        assertThat(grant).as("grant of %s's user in %s", module, DeploymentFiles.MYSQL_INIT).isNotNull();
        assertThat(grant.schema()).isEqualTo(config.schema());
        assertThat(grant.privileges()).doesNotContain("ALL", "ALL PRIVILEGES", "GRANT OPTION", "SUPER");
    }

    @Test
    void onlyTheGatewayAndGrafanaArePublished() {
        Set<String> published = compose.services().keySet().stream()
                .filter(name -> !compose.publishedPorts(name).isEmpty()).collect(Collectors.toSet());

        assertThat(published).containsExactlyInAnyOrder("gateway", "grafana");
        assertThat(compose.publishedPorts("gateway")).singleElement().asString()
                .endsWith(":" + ServiceConfig.load("gateway").port());
    }

    @Test
    void prometheusScrapesEveryServiceAndTheBrokerOnTheirRealPaths() {
        Map<String, Map<String, Object>> jobs = Tree.list(Repo.yaml("deploy/prometheus/prometheus.yml"), "scrape_configs")
                .stream().map(ComposeConsistencyTest::asMap)
                .collect(Collectors.toMap(job -> Tree.string(job, "job_name"), job -> job));
        for (String module : MODULES) {
            assertThat(jobs).containsKey(module);
            assertThat(Tree.string(jobs.get(module), "metrics_path")).isEqualTo("/actuator/prometheus");
            assertThat(Tree.list(Tree.list(jobs.get(module), "static_configs").getFirst(), "targets"))
                    .containsExactly(module + ":" + ServiceConfig.load(module).port());
        }
        assertThat(Tree.string(jobs.get("mq-broker"), "metrics_path")).isEqualTo("/metrics");
        assertThat(Tree.list(Tree.list(jobs.get("mq-broker"), "static_configs").getFirst(), "targets"))
                .containsExactly("mq-broker:" + compose.environment("mq-broker").get("MQ_BROKER_ADMIN_PORT"));
    }

    @Test
    void brokerEnvironmentNamesAreMqBrokerSettings() {
        Set<String> known = Arrays.stream(BrokerSetting.values())
                .map(setting -> "MQ_BROKER_" + setting.key().replace('.', '_').toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());

        assertThat(compose.environment("mq-broker").keySet()).allSatisfy(name -> assertThat(known).contains(name));
        assertThat(compose.healthcheck("mq-broker"))
                .contains(":" + compose.environment("mq-broker").get("MQ_BROKER_ADMIN_PORT") + "/health");
    }

    @Test
    void startOrderWaitsForHealthNotForStart() {
        compose.services().forEach((name, service) -> Tree.map(service, "depends_on").forEach((dependency, spec) ->
                assertThat(Tree.string(spec, "condition")).as("%s depends_on %s", name, dependency)
                        .isIn("service_healthy", "service_completed_successfully")));
    }

    @Test
    void secretsComeFromTheEnvironmentFileOnly() {
        Set<String> example = Repo.read(".env.example").lines().filter(line -> line.matches("[A-Z0-9_]+=.*"))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());
        compose.services().keySet().forEach(service -> compose.environment(service).forEach((name, value) -> {
            if (name.matches(".*(SECRET|PASSWORD|_KEY).*")) {
                Matcher reference = Pattern.compile("^\\$\\{([A-Z0-9_]+)[:?}]").matcher(value);
                assertThat(reference.find()).as("%s of %s must come from .env, not the file: %s", name, service, value)
                        .isTrue();
                assertThat(example).as(".env.example defines %s", reference.group(1)).contains(reference.group(1));
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return (Map<String, Object>) node;
    }
}
