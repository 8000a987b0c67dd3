package io.seckill.mq.broker.protocol;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions: advertises exactly the APIs the dispatcher routes. A version this broker cannot
 * parse is answered in v0 with UNSUPPORTED_VERSION and the list, so the client can downgrade.
 */
final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {

    private final RequestDispatcher dispatcher;

    ApiVersionsHandler(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, ApiVersionsRequest request) {
        ApiVersionsResponseData data = new ApiVersionsResponseData()
                .setApiKeys(dispatcher.apiVersions())
                .setThrottleTimeMs(0)
                .setFinalizedFeaturesEpoch(ApiVersionsResponse.UNKNOWN_FINALIZED_FEATURES_EPOCH);
        if (!context.header.isApiVersionSupported() || request.hasUnsupportedRequestVersion()) {
            data.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        } else if (!request.isValid()) {
            data.setErrorCode(Errors.INVALID_REQUEST.code());
        } else {
            data.setErrorCode(Errors.NONE.code());
        }
        return CompletableFuture.completedFuture(new ApiVersionsResponse(data));
    }
}
