package dev.tillbridge.status.rest;

import dev.tillbridge.status.config.StatusApiConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size limits of a request, checked before anything reads it, each answered with problem+json (the HTTP
 * layer's own refusals have empty bodies): a request line over {@code tillbridge.status.http.max-uri-length}
 * is 414, headers over {@code tillbridge.status.http.max-header-size} 431, and a body over
 * {@code quarkus.http.limits.max-body-size} 413, whether it declares its length or arrives in chunks.
 */
@ApplicationScoped
public class RequestLimits {

    private final long maxBody;
    private final int maxUri;
    private final long maxHeaders;
    // A chunked body has no length to check up front: it is read here, up to the limit, and handed on
    // (RESTEasy Reactive uses a body already read); past the limit the read fails with 413 (HttpLayerProblems).
    private final BodyHandler chunkedBodies;

    public RequestLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody, StatusApiConfig config) {
        this.maxBody = maxBody.asLongValue();
        this.maxUri = config.http().maxUriLength();
        this.maxHeaders = config.http().maxHeaderSize().asLongValue();
        this.chunkedBodies =
                BodyHandler.create(false).setBodyLimit(this.maxBody).setHandleFileUploads(false);
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxUri) {
            Problem.write(ctx, 414, "The request URI is longer than this API accepts (" + maxUri + " characters).");
            return;
        }
        if (headerBytes(request) > maxHeaders) {
            Problem.write(ctx, 431, "The request headers are larger than this API accepts (" + maxHeaders + " bytes).");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (tooLarge(length)) {
                refuseBody(ctx);
                return;
            }
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            chunkedBodies.handle(ctx);
            return;
        }
        ctx.next();
    }

    void refuseBody(RoutingContext ctx) {
        Problem.writeAndClose(ctx, 413, "The request body is larger than this API accepts (" + maxBody + " bytes).");
    }

    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBody;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
