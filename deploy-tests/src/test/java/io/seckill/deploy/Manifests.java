package io.seckill.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rendered objects of one overlay, with the look-ups the checks need: objects by kind and name, and a
 * container's effective environment (envFrom ConfigMaps, then env entries; a Secret reference reads
 * {@code secret:<name>/<key>}, since its value is not in the repository).
 */
record Manifests(String overlay, List<Map<String, Object>> objects) {

    static Manifests of(String overlay) {
        return new Manifests(overlay, Kustomize.render(overlay));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(Tree.string(o, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("overlay " + overlay + " renders no " + kind
                + " " + name));
    }

    /** The first container of a workload (Deployment, StatefulSet, Job). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> workload) {
        return (Map<String, Object>) Tree.list(workload, "spec.template.spec.containers").getFirst();
    }

    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object source : Tree.list(container, "envFrom")) {
            String configMap = Tree.string(source, "configMapRef.name");
            if (configMap != null) {
                Tree.map(get("ConfigMap", configMap), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Object entry : Tree.list(container, "env")) {
            String name = Tree.string(entry, "name");
            if (Tree.at(entry, "value") != null) {
                env.put(name, Tree.string(entry, "value"));
            } else if (Tree.at(entry, "valueFrom.configMapKeyRef") != null) {
                Map<String, Object> data = Tree.map(get("ConfigMap", Tree.string(entry, "valueFrom.configMapKeyRef.name")), "data");
                env.put(name, String.valueOf(data.get(Tree.string(entry, "valueFrom.configMapKeyRef.key"))));
            } else if (Tree.at(entry, "valueFrom.secretKeyRef") != null) {
                env.put(name, "secret:" + Tree.string(entry, "valueFrom.secretKeyRef.name") + "/"
                        + Tree.string(entry, "valueFrom.secretKeyRef.key"));
            }
        }
        return env;
    }

    /** The port number a Service exposes under a port name. */
    static int servicePort(Map<String, Object> service, String portName) {
        for (Object port : Tree.list(service, "spec.ports")) {
            if (portName.equals(Tree.string(port, "name"))) {
                return Integer.parseInt(Tree.string(port, "port"));
            }
        }
        throw new AssertionError("Service " + Tree.string(service, "metadata.name") + " has no port " + portName);
    }
}
