package io.seckill.mq.broker.protocol;

import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes each request to the handler of its API. The registered handlers are exactly what
 * ApiVersions advertises: a request for any other API, or a version above the advertised range,
 * is answered with UNSUPPORTED_VERSION in that API's own response format.
 */
public final class RequestDispatcher {

    private record Route(ApiVersion versions, ApiHandler<AbstractRequest> handler) {
    }

    private final Map<ApiKeys, Route> routes = new EnumMap<>(ApiKeys.class);

    /** Registers a handler for {@code api} versions {@code minVersion..maxVersion}. */
    @SuppressWarnings("unchecked")
    public <Q extends AbstractRequest> RequestDispatcher register(ApiKeys api, int minVersion, int maxVersion,
                                                                  ApiHandler<Q> handler) {
        if (maxVersion > api.latestVersion() || minVersion < 0 || minVersion > maxVersion) {
            throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion + " for " + api);
        }
        ApiVersion versions = new ApiVersion().setApiKey(api.id)
                .setMinVersion((short) minVersion).setMaxVersion((short) maxVersion);
        routes.put(api, new Route(versions, (ApiHandler<AbstractRequest>) handler));
        return this;
    }

    /** The advertised API versions, in API key order. */
    public ApiVersionCollection apiVersions() {
        ApiVersionCollection collection = new ApiVersionCollection(routes.size());
        routes.values().forEach(route -> collection.add(route.versions().duplicate()));
        return collection;
    }

    public CompletableFuture<AbstractResponse> dispatch(RequestContext context, AbstractRequest request) {
        ApiKeys api = context.header.apiKey();
        Route route = routes.get(api);
        short version = context.header.apiVersion();
        boolean apiVersionsFallback = api == ApiKeys.API_VERSIONS && route != null;
        if (route == null || (!apiVersionsFallback
                && (version < route.versions().minVersion() || version > route.versions().maxVersion()))) {
            String message = route == null ? api + " is not supported by mq-broker"
                    : api + " version " + version + " is not supported (supported: " + route.versions().minVersion()
                    + ".." + route.versions().maxVersion() + ")";
            return CompletableFuture.completedFuture(request.getErrorResponse(new UnsupportedVersionException(message)));
        }
        return route.handler().handle(context, request);
    }
}
