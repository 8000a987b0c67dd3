package io.seckill.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml as the checks read it: services, their environment (map or list form) and health checks. */
record Compose(Map<String, Object> document) {

    static Compose load() {
        return new Compose(Repo.yaml("docker-compose.yml"));
    }

    Map<String, Object> services() {
        return Tree.map(document, "services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = Tree.map(services(), name);
        if (service.isEmpty()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The service's environment; values as written (interpolation such as ${X} is left in place). */
    Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> result.put(key.toString(), String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = entry.toString().split("=", 2);
                result.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return result;
    }

    /** The health check command as one string, e.g. {@code CMD curl -fsS http://127.0.0.1:8081/...}. */
    String healthcheck(String name) {
        Object test = Tree.at(service(name), "healthcheck.test");
        return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(test);
    }

    /** Host-published ports ("host:container") of a service. */
    List<String> publishedPorts(String name) {
        return Tree.list(service(name), "ports").stream().map(String::valueOf).toList();
    }
}
