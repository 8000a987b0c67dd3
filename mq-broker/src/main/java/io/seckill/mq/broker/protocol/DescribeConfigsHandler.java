package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.config.BrokerSetting;
import io.seckill.mq.broker.metadata.TopicConfigs;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs for topics (every supported key with its effective value, its source and, on
 * request, the broker-level synonym and documentation) and for this broker (its settings,
 * read-only: they are fixed at start).
 */
final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {

    private final TopicService topics;
    private final BrokerConfig broker;
    private final Map<BrokerSetting, String> brokerValues;

    DescribeConfigsHandler(TopicService topics, BrokerConfig broker, Map<BrokerSetting, String> brokerValues) {
        this.topics = topics;
        this.broker = broker;
        this.brokerValues = brokerValues;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, DescribeConfigsRequest request) {
        DescribeConfigsResponseData data = new DescribeConfigsResponseData();
        boolean synonyms = request.data().includeSynonyms();
        boolean documentation = request.data().includeDocumentation();
        for (DescribeConfigsResource resource : request.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            if (type == ConfigResource.Type.TOPIC) {
                describeTopic(resource, result, synonyms, documentation);
            } else if (type == ConfigResource.Type.BROKER) {
                describeBroker(resource, result);
            } else {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Resource type " + type + " is not supported by mq-broker");
            }
            data.results().add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
    }

    private void describeTopic(DescribeConfigsResource resource, DescribeConfigsResult result, boolean synonyms,
                               boolean documentation) {
        Optional<TopicMetadata> topic = topics.registry().topic(resource.resourceName());
        if (topic.isEmpty()) {
            result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage("Topic '" + resource.resourceName() + "' does not exist.");
            return;
        }
        Map<String, String> overrides = topic.get().configOverrides();
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (TopicConfigs.Definition definition : TopicConfigs.definitions()) {
            if (!wanted(resource, definition.name())) {
                continue;
            }
            String brokerDefault = topics.configs().brokerDefault(definition.name());
            boolean overridden = overrides.containsKey(definition.name());
            DescribeConfigsResourceResult entry = new DescribeConfigsResourceResult()
                    .setName(definition.name())
                    .setValue(overridden ? overrides.get(definition.name()) : brokerDefault)
                    .setReadOnly(false)
                    .setIsSensitive(false)
                    .setConfigSource((overridden ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG).id())
                    .setConfigType(definition.type().id)
                    .setDocumentation(documentation ? definition.documentation() : null);
            if (synonyms) {
                if (overridden) {
                    entry.synonyms().add(new DescribeConfigsSynonym().setName(definition.name())
                            .setValue(overrides.get(definition.name())).setSource(ConfigSource.TOPIC_CONFIG.id()));
                }
                entry.synonyms().add(new DescribeConfigsSynonym().setName(definition.brokerSynonym())
                        .setValue(brokerDefault).setSource(ConfigSource.DEFAULT_CONFIG.id()));
            }
            entries.add(entry);
        }
        result.setErrorCode(Errors.NONE.code()).setConfigs(entries);
    }

    private void describeBroker(DescribeConfigsResource resource, DescribeConfigsResult result) {
        String name = resource.resourceName();
        if (!name.isEmpty() && !name.equals(String.valueOf(broker.nodeId()))) {
            result.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Unexpected broker id, expected " + broker.nodeId() + " or empty string, but received " + name);
            return;
        }
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        brokerValues.forEach((setting, value) -> {
            if (wanted(resource, setting.key())) {
                boolean isDefault = value.equals(setting.defaultValue());
                entries.add(new DescribeConfigsResourceResult()
                        .setName(setting.key()).setValue(value).setReadOnly(true).setIsSensitive(false)
                        .setConfigSource((isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG).id())
                        .setConfigType(TopicConfigs.ConfigType.STRING.id));
            }
        });
        result.setErrorCode(Errors.NONE.code()).setConfigs(entries);
    }

    private static boolean wanted(DescribeConfigsResource resource, String name) {
        return resource.configurationKeys() == null || resource.configurationKeys().contains(name);
    }
}
