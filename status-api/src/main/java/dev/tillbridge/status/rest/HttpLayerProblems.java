package dev.tillbridge.status.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the HTTP layer refuses before or outside JAX-RS (a chunked body over the limit, a route or method
 * nothing serves) answers problem+json too, not Vert.x's empty or HTML body. Server errors are left to
 * Quarkus's handler, which logs them. Not reachable from here: a URI that is not a valid URI (Quarkus's root
 * handler answers an empty 400), and a request line or headers past the HTTP codec's limits (see
 * {@link RequestLimits}).
 */
@ApplicationScoped
public class HttpLayerProblems {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        // A failure no route's failure handler can take (a path that cannot be decoded matches no route), and
        // a path or method no route serves, end in the router's error handler of that status.
        for (int status = 400; status < 500; status++) {
            int code = status;
            router.errorHandler(code, ctx -> answer(ctx, code, detail(code)));
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "Nothing is served at this path.";
            case 405 -> "This path does not accept this method.";
            case 413 -> "The request body is larger than this API accepts.";
            default -> null;
        };
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400 || status >= 500) {
            ctx.next();
            return;
        }
        answer(ctx, status, detail(status));
    }

    private static void answer(RoutingContext ctx, int status, String detail) {
        if (ctx.response().headWritten() || ctx.response().ended()) {
            return;
        }
        String text =
                detail != null ? detail : HttpResponseStatus.valueOf(status).reasonPhrase();
        if (status == 413) {
            Problem.writeAndClose(ctx, status, text); // a chunked body cut off part-way
        } else {
            Problem.write(ctx, status, text);
        }
    }
}
