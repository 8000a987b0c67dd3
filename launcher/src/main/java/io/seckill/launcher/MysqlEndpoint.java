package io.seckill.launcher;

/**
 * How the services reach MySQL: the embedded MariaDB on 127.0.0.1 (root, no password; grant tables are skipped) or
 * an external server given as {@code host:port} or {@code jdbc:mysql://host:port[/][?params]}.
 *
 * @param serverUrl {@code jdbc:mysql://host:port} without a schema
 * @param params    the connection parameters every schema URL carries
 * @param embedded  whether the launcher runs the server
 */
record MysqlEndpoint(String serverUrl, String params, String user, String password, boolean embedded) {

    /** The schema of each service (their application.yml names the same ones). */
    static final java.util.List<String> SCHEMAS = java.util.List.of("inventory", "orders", "payments");

    // The embedded server has no TLS (--skip-ssl); MySQL 8 with caching_sha2_password needs the key exchange then.
    private static final String DEFAULT_PARAMS = "sslMode=DISABLED&allowPublicKeyRetrieval=true";

    static MysqlEndpoint embedded(int port) {
        return new MysqlEndpoint("jdbc:mysql://127.0.0.1:" + port, DEFAULT_PARAMS, "root", "", true);
    }

    static MysqlEndpoint external(String url, String user, String password) {
        String rest = url.startsWith("jdbc:mysql://") ? url.substring("jdbc:mysql://".length()) : url;
        int query = rest.indexOf('?');
        String params = query < 0 ? DEFAULT_PARAMS : rest.substring(query + 1);
        String hostPort = (query < 0 ? rest : rest.substring(0, query)).replaceAll("/+$", "");
        if (hostPort.isEmpty() || hostPort.contains("/")) {
            throw new IllegalArgumentException("--external-mysql must be host:port or jdbc:mysql://host:port, not " + url);
        }
        return new MysqlEndpoint("jdbc:mysql://" + hostPort, params, user, password, false);
    }

    /** The URL of one service's schema, created on first connect if missing. */
    String schemaUrl(String schema) {
        return serverUrl + "/" + schema + "?createDatabaseIfNotExist=true&" + params;
    }

    /** A URL without a schema, for health checks and {@code CREATE DATABASE}. */
    String adminUrl() {
        return serverUrl + "/?connectTimeout=2000&" + params;
    }
}
