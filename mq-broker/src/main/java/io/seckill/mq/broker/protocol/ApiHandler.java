package io.seckill.mq.broker.protocol;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * Handles one Kafka API. Called on the connection's event loop; must not block on I/O other than
 * the log append itself, and must not retain the request's buffers after returning (the frame is
 * recycled). A future completed with {@code null} means "send no response" (acks=0 produce).
 */
@FunctionalInterface
public interface ApiHandler<Q extends AbstractRequest> {

    CompletableFuture<AbstractResponse> handle(RequestContext context, Q request);
}
