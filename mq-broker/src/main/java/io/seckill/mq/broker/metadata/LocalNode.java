package io.seckill.mq.broker.metadata;

import org.apache.kafka.common.Node;

/**
 * This broker as clients see it in Metadata and DescribeCluster: the only node of its cluster,
 * leader and controller of everything. The port is known only after the listener is bound.
 */
public final class LocalNode {

    private final int nodeId;
    private final String advertisedHost;
    private final String clusterId;
    private volatile int port;

    public LocalNode(int nodeId, String advertisedHost, String clusterId) {
        this.nodeId = nodeId;
        this.advertisedHost = advertisedHost;
        this.clusterId = clusterId;
    }

    public int nodeId() {
        return nodeId;
    }

    public String host() {
        return advertisedHost;
    }

    public int port() {
        return port;
    }

    public void bound(int boundPort) {
        this.port = boundPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Node asNode() {
        return new Node(nodeId, advertisedHost, port);
    }
}
