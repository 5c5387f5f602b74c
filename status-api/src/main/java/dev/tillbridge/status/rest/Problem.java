package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.FieldError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code errors} names each rejected field of a request.
 */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail, null);
    }

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        Problem problem = new Problem(
                "about:blank", title, status, detail, null, errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status).type(MEDIA).entity(problem).build();
    }

    /**
     * Answers from the HTTP layer (a Vert.x route, before or outside JAX-RS), with the same body a JAX-RS
     * resource would give; {@code detail} is always our own text, never the client's.
     */
    public static void write(RoutingContext ctx, int status, String detail) {
        String title = switch (status) { // RFC 9110's names, where Netty keeps the older ones
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
        String body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .encode();
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                .end(body);
    }

    /**
     * For a refusal that leaves the rest of the request unread (a body over the limit): an HTTP/1.x connection
     * cannot carry another request, so it is closed once the answer is written. HTTP/2 ends only the request's
     * stream, and a {@code Connection} header there would make the answer malformed (RFC 9113, 8.2.2: Java 25's
     * client refuses it).
     */
    public static void writeAndClose(RoutingContext ctx, int status, String detail) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            HttpServerResponse response = ctx.response();
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ended -> ctx.request().connection().close());
        }
        write(ctx, status, detail);
    }
}
