package io.seckill.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Whether a component answers as a healthy one would; every check gives up within about two seconds. */
@FunctionalInterface
interface HealthCheck {

    boolean healthy();

    HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** 200 from {@code url}: mq-broker's /health, Spring Boot's /actuator/health (the gateway's DEGRADED is 200 too). */
    static HealthCheck http(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        return () -> {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    /** {@code PING} answered {@code +PONG}. */
    static HealthCheck redisPing(String host, int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2000);
                socket.setSoTimeout(2000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readNBytes(5);
                return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** A JDBC connection that answers {@code SELECT 1}. */
    static HealthCheck jdbc(MysqlEndpoint mysql) {
        return () -> {
            try (Connection connection = DriverManager.getConnection(mysql.adminUrl(), mysql.user(), mysql.password())) {
                return connection.createStatement().executeQuery("SELECT 1").next();
            } catch (SQLException e) {
                return false;
            }
        };
    }
}
