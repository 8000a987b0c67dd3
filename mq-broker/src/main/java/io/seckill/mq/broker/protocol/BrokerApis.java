package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.config.BrokerSetting;
import io.seckill.mq.broker.group.GroupCoordinator;
import io.seckill.mq.broker.log.HighWatermarkListener;
import io.seckill.mq.broker.metadata.LocalNode;
import io.seckill.mq.broker.metadata.ProducerIdAllocator;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Map;

/**
 * The set of Kafka APIs this broker implements and their version ranges: the single place that
 * decides what ApiVersions advertises.
 */
public final class BrokerApis implements AutoCloseable {

    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final FetchPurgatory purgatory = new FetchPurgatory();

    public BrokerApis(BrokerConfig config, Map<BrokerSetting, String> settings, TopicService topics, LocalNode node,
                      ProducerIdAllocator producerIds, GroupCoordinator groupCoordinator) {
        TopicAdminHandlers topicAdmin = new TopicAdminHandlers(topics, node);
        ClusterHandlers cluster = new ClusterHandlers(node, producerIds);
        GroupHandlers groups = new GroupHandlers(groupCoordinator, node);
        OffsetHandlers offsets = new OffsetHandlers(groupCoordinator);
        dispatcher
                .register(ApiKeys.PRODUCE, ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION, 13, new ProduceHandler(topics))
                .register(ApiKeys.FETCH, 4, 18, new FetchHandler(topics, purgatory, new FetchSessions(FetchSessions.DEFAULT_MAX_SESSIONS)))
                .register(ApiKeys.LIST_OFFSETS, 1, 10, new ListOffsetsHandler(topics))
                .register(ApiKeys.METADATA, 0, 13, new MetadataHandler(topics, node, config.autoCreateTopics()))
                .register(ApiKeys.API_VERSIONS, 0, 4, new ApiVersionsHandler(dispatcher))
                .register(ApiKeys.CREATE_TOPICS, 2, 7, topicAdmin::createTopics)
                .register(ApiKeys.DELETE_TOPICS, 1, 6, topicAdmin::deleteTopics)
                .register(ApiKeys.CREATE_PARTITIONS, 0, 3, topicAdmin::createPartitions)
                .register(ApiKeys.INIT_PRODUCER_ID, 0, 6, cluster::initProducerId)
                .register(ApiKeys.DESCRIBE_CONFIGS, 1, 4, new DescribeConfigsHandler(topics, config, settings))
                .register(ApiKeys.DESCRIBE_CLUSTER, 0, 2, cluster::describeCluster)
                .register(ApiKeys.FIND_COORDINATOR, 0, 6, groups::findCoordinator)
                .register(ApiKeys.JOIN_GROUP, 0, 9, groups::joinGroup)
                .register(ApiKeys.SYNC_GROUP, 0, 5, groups::syncGroup)
                .register(ApiKeys.HEARTBEAT, 0, 4, groups::heartbeat)
                .register(ApiKeys.LEAVE_GROUP, 0, 5, groups::leaveGroup)
                .register(ApiKeys.LIST_GROUPS, 0, 5, groups::listGroups)
                .register(ApiKeys.DESCRIBE_GROUPS, 0, 6, groups::describeGroups)
                .register(ApiKeys.DELETE_GROUPS, 0, 2, groups::deleteGroups)
                // v10 names topics by id; up to v9 clients send names, which is what this broker keys by.
                .register(ApiKeys.OFFSET_COMMIT, 2, 9, offsets::offsetCommit)
                .register(ApiKeys.OFFSET_FETCH, 1, 9, offsets::offsetFetch)
                .register(ApiKeys.OFFSET_DELETE, 0, 0, offsets::offsetDelete);
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }

    /** Wakes long-polling fetches when a partition's visible end moves. */
    public HighWatermarkListener highWatermarkListener() {
        return purgatory;
    }

    @Override
    public void close() {
        purgatory.close();
    }
}
