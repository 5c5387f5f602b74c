package dev.tillbridge.events.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static Span span(TraceFlags flags) {
        return Span.wrap(SpanContext.create(TRACE, SPAN, flags, TraceState.getDefault()));
    }

    @Test
    void theCurrentSpanTravelsAsAW3cTraceparentAndComesBackAsTheParent() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                "traceparent",
                "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01".getBytes(StandardCharsets.UTF_8));
        TraceHeaders.inject(Context.root().with(span(TraceFlags.getSampled())), headers);

        assertThat(headers.headers("traceparent")).as("replaced, not added").hasSize(1);
        assertThat(TraceHeaders.traceparent(headers)).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        SpanContext parent = TraceHeaders.spanOf(TraceHeaders.extract(headers));
        assertThat(parent.getTraceId()).isEqualTo(TRACE);
        assertThat(parent.getSpanId()).isEqualTo(SPAN);
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.isSampled()).isTrue();
    }

    @Test
    void anUnsampledTraceStaysUnsampledDownstream() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.inject(Context.root().with(span(TraceFlags.getDefault())), headers);
        assertThat(TraceHeaders.traceparent(headers)).endsWith("-00");
        assertThat(TraceHeaders.spanOf(TraceHeaders.fromTraceparent(TraceHeaders.traceparent(headers)))
                        .isSampled())
                .isFalse();
    }

    @Test
    void withoutASpanNothingIsWrittenAndWithoutAHeaderNothingIsRead() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.inject(Context.root(), headers);
        assertThat(headers.toArray()).isEmpty();
        assertThat(TraceHeaders.spanOf(TraceHeaders.extract(headers)).isValid()).isFalse();
        assertThat(TraceHeaders.spanOf(TraceHeaders.fromTraceparent(null)).isValid())
                .isFalse();
        assertThat(TraceHeaders.spanOf(TraceHeaders.fromTraceparent("not a traceparent"))
                        .isValid())
                .isFalse();
    }

    @Test
    void aSpanScopePutsTheIdsIntoTheLogContextAndRestoresWhatWasThere() {
        MDC.put(SpanScope.TRACE_ID, "outer");
        try {
            try (SpanScope ignored = SpanScope.enter(span(TraceFlags.getSampled()))) {
                assertThat(MDC.get(SpanScope.TRACE_ID)).isEqualTo(TRACE);
                assertThat(MDC.get(SpanScope.SPAN_ID)).isEqualTo(SPAN);
                assertThat(Span.current().getSpanContext().getSpanId()).isEqualTo(SPAN);
            }
            assertThat(MDC.get(SpanScope.TRACE_ID)).isEqualTo("outer");
            assertThat(MDC.get(SpanScope.SPAN_ID)).isNull();
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
        } finally {
            MDC.remove(SpanScope.TRACE_ID);
        }
    }
}
