package io.seckill.mq.broker.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A TCP proxy between Kafka clients and the broker that tampers with Produce requests the way a
 * bad network does: it either sends a Produce request to the broker twice (and drops the second
 * response, so the client sees one), or loses a Produce response together with the connection
 * after the broker processed the request, so the client retries the same batches on a new
 * connection. Every other frame passes through unchanged.
 */
public final class ReplayingProxy implements AutoCloseable {

    /** How Produce requests are tampered with. */
    public enum Mode { DUPLICATE_REQUEST, DROP_RESPONSE }

    private static final short PRODUCE = 0;

    private final ServerSocket server;
    private final IntSupplier upstreamPort;
    private final Mode mode;
    private final int everyNth;
    private final int maxTampered;
    private final AtomicInteger produceRequests = new AtomicInteger();
    private final AtomicInteger tampered = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    public ReplayingProxy(int port, IntSupplier upstreamPort, Mode mode, int everyNth, int maxTampered) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.mode = mode;
        this.everyNth = everyNth;
        this.maxTampered = maxTampered;
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many Produce requests were duplicated or had their response dropped. */
    public int tampered() {
        return tampered.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort.getAsInt());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                Map<Integer, AtomicInteger> responsesToSkip = new ConcurrentHashMap<>();
                Thread.ofPlatform().daemon().start(() -> pumpRequests(client, upstream, responsesToSkip));
                Thread.ofPlatform().daemon().start(() -> pumpResponses(upstream, client, responsesToSkip));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pumpRequests(Socket client, Socket upstream, Map<Integer, AtomicInteger> responsesToSkip) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
            while (true) {
                byte[] frame = readFrame(in);
                ByteBuffer header = ByteBuffer.wrap(frame);
                short apiKey = header.getShort(0);
                int correlationId = header.getInt(4);
                boolean tamper = apiKey == PRODUCE && produceRequests.incrementAndGet() % everyNth == 0
                        && tampered.getAndUpdate(n -> n < maxTampered ? n + 1 : n) < maxTampered;
                if (tamper && mode == Mode.DUPLICATE_REQUEST) {
                    responsesToSkip.put(correlationId, new AtomicInteger(1));
                    writeFrame(out, frame);
                    writeFrame(out, frame);
                } else {
                    if (tamper) {
                        responsesToSkip.put(correlationId, new AtomicInteger(0));
                    }
                    writeFrame(out, frame);
                }
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(client, upstream);
        }
    }

    /** Forwards responses, skipping those marked: a counter of 1 forwards the first and skips the next. */
    private void pumpResponses(Socket upstream, Socket client, Map<Integer, AtomicInteger> responsesToSkip) {
        try {
            DataInputStream in = new DataInputStream(upstream.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] frame = readFrame(in);
                int correlationId = ByteBuffer.wrap(frame).getInt(0);
                AtomicInteger forwardBeforeSkip = responsesToSkip.get(correlationId);
                if (forwardBeforeSkip != null && forwardBeforeSkip.getAndDecrement() <= 0) {
                    responsesToSkip.remove(correlationId);
                    if (mode == Mode.DROP_RESPONSE) {
                        closeQuietly(client, upstream);
                        return;
                    }
                    continue;
                }
                writeFrame(out, frame);
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(client, upstream);
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    private static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
    }

    private void closeQuietly(Socket... toClose) {
        for (Socket socket : toClose) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::closeQuietly);
    }
}
