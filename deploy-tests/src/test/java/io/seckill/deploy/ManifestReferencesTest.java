package io.seckill.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * References between rendered objects hold: every ConfigMap a pod reads is rendered (with the key it reads), every
 * Secret is the user-created {@code seckill-secrets} with a key of k8s/secret.example.yaml and none is rendered;
 * and the NetworkPolicies let only the gateway reach the services and only the services reach MySQL, Redis and
 * the broker.
 */
class ManifestReferencesTest {

    @ParameterizedTest
    @ValueSource(strings = {"local", "kafka"})
    void configMapsAndSecretsReferencedByPodsExist(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Set<String> secretKeys = Tree.map(Repo.yaml("k8s/secret.example.yaml"), "stringData").keySet();

        assertThat(manifests.ofKind("Secret")).as("secrets are created by the user, never rendered").isEmpty();
        for (Map<String, Object> pod : podSpecs(manifests)) {
            for (Object container : Tree.list(pod, "containers")) {
                for (Object source : Tree.list(container, "envFrom")) {
                    assertThat(manifests.find("ConfigMap", Tree.string(source, "configMapRef.name"))).isPresent();
                }
                for (Object env : Tree.list(container, "env")) {
                    String configMap = Tree.string(env, "valueFrom.configMapKeyRef.name");
                    if (configMap != null) {
                        assertThat(Tree.map(manifests.get("ConfigMap", configMap), "data"))
                                .containsKey(Tree.string(env, "valueFrom.configMapKeyRef.key"));
                    }
                    if (Tree.at(env, "valueFrom.secretKeyRef") != null) {
                        assertThat(Tree.string(env, "valueFrom.secretKeyRef.name")).isEqualTo("seckill-secrets");
                        assertThat(secretKeys).contains(Tree.string(env, "valueFrom.secretKeyRef.key"));
                    }
                }
            }
            for (Object volume : Tree.list(pod, "volumes")) {
                String configMap = Tree.string(volume, "configMap.name");
                if (configMap != null) {
                    assertThat(manifests.find("ConfigMap", configMap)).as("volume ConfigMap " + configMap).isPresent();
                }
            }
        }
        for (String kustomization : List.of("k8s/base", "k8s/overlays/local", "k8s/overlays/kafka", "k8s/components/mq-broker")) {
            assertThat(Tree.list(Repo.yaml(kustomization + "/kustomization.yaml"), "resources"))
                    .noneSatisfy(resource -> assertThat(resource.toString()).contains("secret"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "kafka"})
    void onlyTheGatewayReachesTheServicesAndOnlyServicesReachTheData(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        List<Map<String, Object>> policies = manifests.ofKind("NetworkPolicy");

        assertThat(policies).anySatisfy(policy -> {
            assertThat(Tree.map(policy, "spec.podSelector")).isEmpty();
            assertThat(Tree.list(policy, "spec.ingress")).isEmpty();
        });
        for (String module : List.of("inventory-service", "payment-service")) {
            assertThat(allowedPeers(manifests, module)).containsExactlyInAnyOrder("gateway", "namespace:monitoring");
        }
        assertThat(allowedPeers(manifests, "order-service"))
                .containsExactlyInAnyOrder("gateway", "payment-service", "namespace:monitoring");
        assertThat(allowedPeers(manifests, "mysql")).containsExactly("role:service");
        assertThat(allowedPeers(manifests, "redis")).containsExactlyInAnyOrder("inventory-service", "gateway");
        if (manifests.find("StatefulSet", "mq-broker").isPresent()) {
            assertThat(allowedPeers(manifests, "mq-broker"))
                    .containsExactlyInAnyOrder("role:service", "messaging-client", "namespace:monitoring");
        }
    }

    /** The sources every policy selecting the app's pods admits, as app names, role:X or namespace:X. */
    private static List<String> allowedPeers(Manifests manifests, String app) {
        Map<String, Object> podLabels = Tree.map(workload(manifests, app), "spec.template.metadata.labels");
        List<String> peers = new ArrayList<>();
        for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
            Map<String, Object> selector = Tree.map(policy, "spec.podSelector.matchLabels");
            if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
                continue;
            }
            for (Object rule : Tree.list(policy, "spec.ingress")) {
                List<Object> from = Tree.list(rule, "from");
                if (from.isEmpty()) {
                    peers.add("anyone");
                }
                for (Object peer : from) {
                    peers.add(describe(peer));
                }
            }
        }
        return peers;
    }

    private static String describe(Object peer) {
        Map<String, Object> pods = Tree.map(peer, "podSelector.matchLabels");
        Map<String, Object> namespaces = Tree.map(peer, "namespaceSelector.matchLabels");
        if (!namespaces.isEmpty()) {
            return "namespace:" + namespaces.get("kubernetes.io/metadata.name");
        }
        if (pods.containsKey("app.kubernetes.io/name")) {
            return String.valueOf(pods.get("app.kubernetes.io/name"));
        }
        if (pods.containsKey("seckill.io/role")) {
            return "role:" + pods.get("seckill.io/role");
        }
        if ("true".equals(pods.get("seckill.io/messaging-client"))) {
            return "messaging-client";
        }
        return "unrecognised:" + peer;
    }

    private static Map<String, Object> workload(Manifests manifests, String app) {
        return manifests.find("Deployment", app).or(() -> manifests.find("StatefulSet", app))
                .orElseThrow(() -> new AssertionError("no workload " + app));
    }

    private static List<Map<String, Object>> podSpecs(Manifests manifests) {
        List<Map<String, Object>> pods = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            manifests.ofKind(kind).forEach(workload -> pods.add(Tree.map(workload, "spec.template.spec")));
        }
        return pods;
    }
}
