package dev.tillbridge.events.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;

/**
 * Makes a span current on a plain thread (a sync cycle, a Streams thread, the pusher's workers) and puts its
 * {@code traceId} and {@code spanId} into the logging MDC, so every log line written inside carries them (JSON
 * logs: {@code mdc.traceId}). Quarkus does that by itself only on its Vert.x contexts, which these threads are not.
 * The MDC holds what it held before once the scope is closed.
 */
public final class SpanScope implements AutoCloseable {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final Scope scope;
    private final Object priorTrace;
    private final Object priorSpan;
    private final boolean logged;

    private SpanScope(Scope scope, Object priorTrace, Object priorSpan, boolean logged) {
        this.scope = scope;
        this.priorTrace = priorTrace;
        this.priorSpan = priorSpan;
        this.logged = logged;
    }

    public static SpanScope enter(Span span) {
        Scope scope = span.makeCurrent();
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return new SpanScope(scope, null, null, false);
        }
        Object priorTrace = MDC.put(TRACE_ID, context.getTraceId());
        Object priorSpan = MDC.put(SPAN_ID, context.getSpanId());
        return new SpanScope(scope, priorTrace, priorSpan, true);
    }

    @Override
    public void close() {
        scope.close();
        if (logged) {
            restore(TRACE_ID, priorTrace);
            restore(SPAN_ID, priorSpan);
        }
    }

    private static void restore(String key, Object prior) {
        if (prior == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, prior);
        }
    }
}
