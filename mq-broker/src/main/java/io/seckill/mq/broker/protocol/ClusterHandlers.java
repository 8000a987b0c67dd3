package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.metadata.LocalNode;
import io.seckill.mq.broker.metadata.ProducerIdAllocator;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/** DescribeCluster (one node, its own controller) and InitProducerId (idempotent producers). */
final class ClusterHandlers {

    private final LocalNode node;
    private final ProducerIdAllocator producerIds;

    ClusterHandlers(LocalNode node, ProducerIdAllocator producerIds) {
        this.node = node;
        this.producerIds = producerIds;
    }

    CompletableFuture<AbstractResponse> describeCluster(RequestContext context, DescribeClusterRequest request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setErrorCode(Errors.NONE.code())
                .setEndpointType(request.data().endpointType())
                .setClusterId(node.clusterId())
                .setControllerId(node.nodeId())
                .setClusterAuthorizedOperations(request.data().includeClusterAuthorizedOperations()
                        ? AuthorizedOperations.CLUSTER : Integer.MIN_VALUE);
        data.brokers().add(new DescribeClusterBroker().setBrokerId(node.nodeId()).setHost(node.host())
                .setPort(node.port()).setIsFenced(false));
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }

    /**
     * A fresh producer id with epoch 0 for every idempotent producer (as Apache Kafka does for
     * producers without a transactional id). Kafka transactions are not offered: the platform's
     * transactional messages are mq-client half messages, so a transactional id gets INVALID_REQUEST.
     */
    CompletableFuture<AbstractResponse> initProducerId(RequestContext context, InitProducerIdRequest request) {
        InitProducerIdResponseData data = new InitProducerIdResponseData();
        if (request.data().transactionalId() != null) {
            data.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setProducerId(RecordBatch.NO_PRODUCER_ID).setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
        } else {
            data.setErrorCode(Errors.NONE.code()).setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
        }
        return CompletableFuture.completedFuture(new InitProducerIdResponse(data));
    }
}
