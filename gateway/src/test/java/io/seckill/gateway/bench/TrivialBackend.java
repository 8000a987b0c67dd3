package io.seckill.gateway.bench;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;

/**
 * The trivial backend of {@code bench/gateway-compare.sh} (not a test): answers every request with a small JSON body
 * from Reactor Netty, so that the gateway, not the backend, is what the benchmark measures.
 * Usage: {@code TrivialBackend PORT}; runs until killed.
 */
public final class TrivialBackend {

    private static final byte[] BODY = "{\"orderId\":\"bench\",\"status\":\"RESERVED\"}".getBytes(StandardCharsets.UTF_8);

    private TrivialBackend() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.receive().then(response
                        .header("Content-Type", "application/json")
                        .sendByteArray(Mono.just(BODY)).then()))
                .bindNow();
        System.out.println("trivial backend on 127.0.0.1:" + server.port());
        server.onDispose().block();
    }
}
