package dev.tillbridge.events.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) on Kafka record headers: the one way every
 * hand-built producer and consumer, and the decision stream, carry a trace from one service to the next.
 *
 * <p>Only headers: a record's key, value and partition never change, so the exactly-once transaction of the
 * decision stream and the idempotent producer of the poller stay as they are. A record without a valid
 * {@code traceparent} (an older producer, a POS connector) starts no error: its consumer's span starts a new trace.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceHeaders() {}

    /**
     * Writes the span of {@code context} into {@code headers}, replacing what was there; nothing when that context
     * has no valid span (tracing off), so an untraced service adds no bytes to a record.
     */
    public static Headers inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, headers, SETTER);
        }
        return headers;
    }

    /** {@link #inject(Context, Headers)} with the calling thread's current context. */
    public static Headers injectCurrent(Headers headers) {
        return inject(Context.current(), headers);
    }

    /** The trace a record belongs to, as the parent of its consumer's span; the root context when it has none. */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, GETTER);
    }

    /** The record's {@code traceparent} as sent, or null: kept with work that is done later (cheaper than a Context). */
    public static String traceparent(Headers headers) {
        return GETTER.get(headers, TRACEPARENT);
    }

    /** A context whose parent span is the one a {@code traceparent} value names; the root context for null or garbage. */
    public static Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, new TextMapGetter<String>() {
            @Override
            public Iterable<String> keys(String carrier) {
                return List.of(TRACEPARENT);
            }

            @Override
            public String get(String carrier, String key) {
                return TRACEPARENT.equals(key) ? carrier : null;
            }
        });
    }

    /** The span a context holds, or an invalid one: for links from one span to several records. */
    public static SpanContext spanOf(Context context) {
        return Span.fromContext(context).getSpanContext();
    }
}
