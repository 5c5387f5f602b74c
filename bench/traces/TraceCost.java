import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.events.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Per-order CPU of what tracing adds to the filter's decision and the poller's send, single thread. */
public class TraceCost {
    public static void main(String[] args) {
        for (double ratio : new double[] {0.0, 1.0}) {
            SpanExporter discard = new SpanExporter() {
                public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) { return CompletableResultCode.ofSuccess(); }
                public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
                public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
            };
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                    .addSpanProcessor(BatchSpanProcessor.builder(discard).build()).build();
            Tracer tracer = provider.get("bench");
            // the poller's cycle span and a raw-orders record carrying it
            Span cycle = tracer.spanBuilder("sync cycle").startSpan();
            RecordHeaders raw = new RecordHeaders();
            raw.add("ce_id", "x".getBytes(StandardCharsets.UTF_8));
            TraceHeaders.inject(Context.root().with(cycle), raw);
            for (int round = 0; round < 3; round++) {
                int n = 2_000_000;
                long cpu0 = threadCpu();
                for (int i = 0; i < n; i++) {
                    // poller: one header per record
                    TraceHeaders.inject(Context.root().with(cycle), new RecordHeaders());
                }
                long cpu1 = threadCpu();
                for (int i = 0; i < n; i++) {
                    // filter: extract, span, scope with MDC, attribute, two outputs with the header, end
                    Span span = tracer.spanBuilder("raw-orders process").setSpanKind(SpanKind.CONSUMER)
                            .setParent(TraceHeaders.extract(raw)).startSpan();
                    try (SpanScope ignored = SpanScope.enter(span)) {
                        Span.current().setAttribute("tillbridge.decision", "released");
                        TraceHeaders.injectCurrent(new RecordHeaders());
                        TraceHeaders.injectCurrent(new RecordHeaders());
                    } finally {
                        span.end();
                    }
                }
                long cpu2 = threadCpu();
                System.out.printf("ratio %.1f round %d: poller %.3f us/order, filter %.3f us/order%n", ratio, round,
                        (cpu1 - cpu0) / 1000.0 / n, (cpu2 - cpu1) / 1000.0 / n);
            }
            provider.shutdown();
        }
    }

    static long threadCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
