package io.seckill.mq.broker.testing;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A bare socket to the broker for sending hand-made (also malformed) frames. */
public final class RawKafkaConnection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    public RawKafkaConnection(int port, int readTimeoutMs) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(readTimeoutMs);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A well-formed request frame (size prefix included) for the given request and version. */
    public static byte[] frame(AbstractRequest.Builder<?> builder, short version, int correlationId) {
        AbstractRequest request = builder.build(version);
        ByteBuffer body = request.serializeWithHeader(new RequestHeader(builder.apiKey(), version, "raw-test", correlationId));
        byte[] frame = new byte[body.remaining() + 4];
        ByteBuffer.wrap(frame).putInt(body.remaining()).put(body);
        return frame;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request and parses its response. */
    public AbstractResponse roundTrip(AbstractRequest.Builder<?> builder, short version) throws IOException {
        int id = ++correlationId;
        sendRaw(frame(builder, version, id));
        ByteBuffer response = readFrame().orElseThrow(() -> new EOFException("connection closed by the broker"));
        return AbstractResponse.parseResponse(response, new RequestHeader(builder.apiKey(), version, "raw-test", id));
    }

    public RequestHeader header(ApiKeys api, short version) {
        return new RequestHeader(api, version, "raw-test", ++correlationId);
    }

    /** The next response frame, or empty when the broker closed the connection. Throws on timeout. */
    public Optional<ByteBuffer> readFrame() throws IOException {
        try {
            int size = in.readInt();
            byte[] frame = new byte[size];
            in.readFully(frame);
            return Optional.of(ByteBuffer.wrap(frame));
        } catch (EOFException e) {
            return Optional.empty();
        } catch (java.net.SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** True when the broker closes the connection (EOF) within the read timeout; false if it answered instead. */
    public boolean closedByBroker() throws IOException {
        try {
            while (true) {
                if (readFrame().isEmpty()) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Bytes the broker has sent that are not read yet. */
    public int available() throws IOException {
        return in.available();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
