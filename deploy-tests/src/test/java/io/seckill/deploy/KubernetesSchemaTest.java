package io.seckill.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Both overlays render with {@code kubectl kustomize} and every rendered object validates against the Kubernetes schemas. */
class KubernetesSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"local", "kafka"})
    void everyRenderedObjectValidatesAgainstTheKubernetesSchemas(String overlay) throws IOException {
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        assertThat(objects).as("objects rendered from overlay " + overlay).hasSizeGreaterThan(10);

        Tools.Result result = validate(objects);

        assertThat(result.exitCode()).as("kubernetes-models verdict on overlay %s:%n%s", overlay, result.output())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "kafka"})
    void theValidatorRejectsABrokenObject(String overlay) throws IOException {
        // The check above can fail: a port given as text, as a hand-edited manifest might, is refused.
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        String json = JsonMapper.builder().build().writeValueAsString(objects.getFirst())
                .replaceFirst("\"kind\":\"Namespace\"", "\"kind\":\"Namespace\",\"spec\":{\"finalizers\":7}");

        Path file = Files.createTempFile("broken-" + overlay, ".json");
        Files.writeString(file, "[" + json + "]");
        Tools.Result result = Tools.node("validate-k8s.js", file.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("INVALID Namespace/seckill");
    }

    private static Tools.Result validate(List<Map<String, Object>> objects) throws IOException {
        Path file = Files.createTempFile("rendered", ".json");
        Files.writeString(file, JsonMapper.builder().build().writeValueAsString(objects));
        return Tools.node("validate-k8s.js", file.toString());
    }
}
