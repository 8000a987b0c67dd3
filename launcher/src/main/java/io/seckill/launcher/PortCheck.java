package io.seckill.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every port before anything starts, so that a taken port is one clear message instead of a process that
 * dies halfway through the start with a bind error in its log.
 */
final class PortCheck {

    private PortCheck() {
    }

    /** One message per problem (taken port, port given twice); empty when all are free. */
    static List<String> problems(Map<Integer, String> owners, List<Integer> requested) {
        List<String> problems = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int port : requested) {
            if (!seen.add(port)) {
                problems.add("port " + port + " is configured for two components");
            }
        }
        owners.forEach((port, owner) -> {
            if (!isFree(port)) {
                problems.add("port " + port + " for " + owner + " is taken by another process");
            }
        });
        return problems;
    }

    /**
     * Whether a server could listen on {@code port} on every address. The wildcard bind fails if anything listens
     * on the port on any address; SO_REUSEADDR (Java's default here) keeps sockets in TIME_WAIT from a previous run
     * from counting, as they do not stop the servers either.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
