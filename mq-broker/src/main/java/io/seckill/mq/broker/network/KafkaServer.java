package io.seckill.mq.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.seckill.mq.broker.metrics.BrokerMetrics;
import io.seckill.mq.broker.protocol.RequestDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka-protocol listener: size-prefixed frames (at most {@code maxFrameBytes}) on a Netty
 * server, one {@link KafkaConnection} per client. On Linux it uses Netty's native epoll transport
 * (fewer system calls per request, and one {@code sendfile} per fetched range); elsewhere, or with
 * {@code -Dio.netty.transport.noNative=true}, the NIO transport.
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    /** Apache Kafka's connections.max.idle.ms default. */
    private static final long IDLE_CONNECTION_SECONDS = 600;

    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private final int ioThreads;
    private final RequestDispatcher dispatcher;
    private final BrokerMetrics metrics;
    private final ChannelGroup clients = new DefaultChannelGroup("kafka-clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public KafkaServer(String host, int port, int maxFrameBytes, int ioThreads, RequestDispatcher dispatcher,
                       BrokerMetrics metrics) {
        this.host = host;
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
        this.ioThreads = ioThreads;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /** Binds and returns the bound port (useful with port 0). */
    public int start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        acceptors = new MultiThreadIoEventLoopGroup(1, ioHandlers);
        workers = new MultiThreadIoEventLoopGroup(ioThreads, ioHandlers);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(serverChannelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        clients.add(channel);
                        channel.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_CONNECTION_SECONDS, TimeUnit.SECONDS))
                                .addLast("frames", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4))
                                .addLast("kafka", new KafkaConnection(dispatcher, metrics));
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        log.info("Kafka listener on {} with the {} transport", serverChannel.localAddress(), epoll ? "epoll"
                : "NIO (epoll unavailable: " + Epoll.unavailabilityCause() + ")");
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, closes client connections and stops the event loops. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
