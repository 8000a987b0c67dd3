package io.seckill.mq.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.seckill.mq.broker.metrics.BrokerMetrics;
import io.seckill.mq.broker.protocol.RequestDispatcher;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestAndSize;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection: parses each frame into a request with kafka-clients' classes, hands it to
 * the {@link RequestDispatcher} and writes the responses <em>in request order</em>, whatever order
 * their futures complete in (Kafka clients match responses to requests by order).
 *
 * <p>A frame that cannot be parsed (unknown API key, a version kafka-clients cannot read, garbage)
 * closes the connection, as Apache Kafka does: there is no response format to answer it in.
 * All state is confined to the channel's event loop.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);
    private static final ListenerName LISTENER = ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT);
    /** Reading pauses while this many requests await their responses, bounding memory per connection. */
    private static final int MAX_PENDING_REQUESTS = 64;

    private final RequestDispatcher dispatcher;
    private final BrokerMetrics metrics;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private String connectionId;
    private InetSocketAddress remote;

    KafkaConnection(RequestDispatcher dispatcher, BrokerMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        connectionId = ctx.channel().localAddress() + "-" + remote + "-" + ctx.channel().id().asShortText();
        metrics.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionClosed();
        pending.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        long arrivalNanos = System.nanoTime();
        try {
            metrics.bytesIn(frame.readableBytes() + 4L);
            handleFrame(frame.nioBuffer(), arrivalNanos);
        } finally {
            // Handlers consume request buffers synchronously (appends copy into the log), so the
            // frame can be recycled as soon as dispatch returns.
            frame.release();
        }
    }

    private void handleFrame(ByteBuffer buffer, long arrivalNanos) {
        RequestContext requestContext;
        RequestAndSize parsed;
        try {
            RequestHeader header = RequestHeader.parse(buffer);
            requestContext = new RequestContext(header, connectionId, remote.getAddress(), KafkaPrincipal.ANONYMOUS,
                    LISTENER, SecurityProtocol.PLAINTEXT, ClientInformation.EMPTY, false);
            if (!header.isApiVersionSupported() && header.apiKey() != ApiKeys.API_VERSIONS) {
                throw new InvalidRequestException("unsupported version " + header.apiVersion() + " of " + header.apiKey());
            }
            parsed = requestContext.parseRequest(buffer);
        } catch (InvalidRequestException | IllegalArgumentException | IllegalStateException e) {
            rejectFrame(e);
            return;
        }
        PendingResponse entry = new PendingResponse(requestContext, parsed.request, arrivalNanos);
        pending.add(entry);
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            context.channel().config().setAutoRead(false);
        }
        CompletableFuture<AbstractResponse> future;
        try {
            future = dispatcher.dispatch(requestContext, parsed.request);
        } catch (RuntimeException e) {
            log.warn("{} failed on {}", requestContext.header.apiKey(), connectionId, e);
            future = CompletableFuture.completedFuture(parsed.request.getErrorResponse(e));
        }
        future.whenComplete((response, error) -> {
            entry.complete(response, error);
            if (context.executor().inEventLoop()) {
                drain();
            } else {
                context.executor().execute(this::drain);
            }
        });
    }

    private void rejectFrame(RuntimeException e) {
        metrics.invalidRequest(e.getClass().getSimpleName());
        log.info("closing connection {}: unparsable request: {}", connectionId, e.getMessage());
        context.close();
    }

    /** Writes every completed response at the head of the queue; stops at the first one still in progress. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().isDone()) {
            PendingResponse entry = pending.poll();
            AbstractResponse response = entry.response();
            if (response == null || !context.channel().isActive()) {
                continue;
            }
            List<Object> parts = ResponseEncoder.encode(entry.context.header.toResponseHeader(), response.data(),
                    entry.context.apiVersion(), context.alloc());
            long bytes = 0;
            for (Object part : parts) {
                bytes += part instanceof ByteBuf buf ? buf.readableBytes() : ((FileSliceRegion) part).count();
                context.write(part, context.voidPromise());
            }
            metrics.bytesOut(bytes);
            metrics.requestCompleted(entry.context.header.apiKey(), System.nanoTime() - entry.arrivalNanos,
                    response.errorCounts());
            wrote = true;
        }
        if (wrote) {
            context.flush();
        }
        if (pending.size() < MAX_PENDING_REQUESTS / 2 && !context.channel().config().isAutoRead()) {
            context.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("closing idle connection {}", connectionId);
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof io.netty.handler.codec.CorruptedFrameException) {
            metrics.invalidRequest("BadFrameLength");
            log.info("closing connection {}: {}", connectionId, cause.getMessage());
        } else {
            log.debug("closing connection {} after error", connectionId, cause);
        }
        ctx.close();
    }

    /** A request awaiting its response; completed from any thread, read on the event loop. */
    private static final class PendingResponse {
        private final RequestContext context;
        private final AbstractRequest request;
        private final long arrivalNanos;
        private volatile boolean done;
        private volatile AbstractResponse response;

        PendingResponse(RequestContext context, AbstractRequest request, long arrivalNanos) {
            this.context = context;
            this.request = request;
            this.arrivalNanos = arrivalNanos;
        }

        void complete(AbstractResponse value, Throwable error) {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                log.warn("{} failed", context.header.apiKey(), cause);
                response = request.getErrorResponse(cause);
            } else {
                response = value;
            }
            done = true;
        }

        boolean isDone() {
            return done;
        }

        AbstractResponse response() {
            return response;
        }
    }
}
