package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.filter.service.OrderLedger;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What an order's decision writes, forwarded inside the processor's exactly-once transaction: the released or
 * skipped order, the invoice request of an Auto-Invoice release, the log line, and the fact the mismatch watch is
 * told (repartitioned by integration). Each
 * record carries the decision's span in its {@code traceparent} header; headers only, so the records, keys and
 * the transaction are what they would be without tracing.
 */
final class DecisionOutputs {

    static final String SOURCE = "invoice-filter";

    private final ProcessorContext<String, String> context;
    private final Clock clock;
    private final StateMetrics metrics;

    DecisionOutputs(ProcessorContext<String, String> context, Clock clock, StateMetrics metrics) {
        this.context = context;
        this.clock = clock;
        this.metrics = metrics;
    }

    void apply(OrderLedger.Effect effect, UUID cause, IntegrationConfigured integration) {
        String integrationId = integration.integrationId();
        if (effect instanceof OrderLedger.Effect.Release release) {
            OrderSnapshot order = release.order();
            Span.current().setAttribute("tillbridge.decision", "released");
            var payload = new OrderReleased(integrationId, integration.downloadMode(), release.redownload(), order);
            var envelope = EventEnvelope.withStableId(
                    cause + "|released", integration.accountId(), integrationId, payload, clock);
            var headers = EventMessages.cloudEventHeaders(envelope, SOURCE);
            headers.add(
                    InvoiceRequestsListener.DOWNLOAD_MODE_HEADER,
                    integration.downloadMode().name().getBytes(StandardCharsets.UTF_8));
            String key = Topics.orderKey(integrationId, order.entityId());
            send(DownloadModeTopology.FILTERED_SINK, key, envelope, headers);
            if (integration.downloadMode() == DownloadMode.AUTO_INVOICE && !release.redownload()) {
                // Committed with the release or not at all: an aborted release never invoices.
                context.forward(
                        new Record<>(
                                key,
                                StateJson.write(
                                        new InvoiceRequest(integrationId, order.entityId(), order.incrementId())),
                                clock.millis(),
                                TraceHeaders.injectCurrent(new RecordHeaders())),
                        DownloadModeTopology.INVOICE_REQUESTS_SINK);
            }
            metrics.released(release.redownload());
            // The watch only tracks orders it was told were skipped: telling it about every other release
            // cost a repartition record, a store read and write and a changelog record per order, for nothing.
            if (release.endsASkip()) {
                fact(integrationId, new MismatchFact(order.entityId(), null, order.createdAt(), clock.instant()));
            }
        } else if (effect instanceof OrderLedger.Effect.RecordSkip skip) {
            OrderSnapshot order = skip.order();
            Span.current()
                    .setAttribute("tillbridge.decision", "skipped")
                    .setAttribute("tillbridge.skip.reason", skip.reason().name());
            var payload = new OrderSkipped(
                    integrationId,
                    order.entityId(),
                    order.incrementId(),
                    skip.reason(),
                    skip.reason().isFinal(),
                    null,
                    null,
                    order.state(),
                    order.status(),
                    order.createdAt(),
                    order.updatedAt());
            send(
                    DownloadModeTopology.SKIPPED_SINK,
                    Topics.orderKey(integrationId, order.entityId()),
                    EventEnvelope.withStableId(
                            cause + "|skipped", integration.accountId(), integrationId, payload, clock));
            metrics.skipped(skip.reason());
            fact(integrationId, new MismatchFact(order.entityId(), skip.reason(), order.createdAt(), clock.instant()));
        }
    }

    /** Hands the decision to the mismatch watch, repartitioned by integration. */
    void fact(String integrationId, MismatchFact fact) {
        context.forward(
                new Record<>(integrationId, StateJson.write(fact), clock.millis()),
                DownloadModeTopology.MISMATCH_FACTS_SINK);
    }

    private void send(String sink, String key, EventEnvelope<?> envelope) {
        send(sink, key, envelope, EventMessages.cloudEventHeaders(envelope, SOURCE));
    }

    private void send(String sink, String key, EventEnvelope<?> envelope, Headers headers) {
        context.forward(
                new Record<>(key, EventJson.encode(envelope), clock.millis(), TraceHeaders.injectCurrent(headers)),
                sink);
    }

    void log(UUID cause, IntegrationConfigured integration, LogEntry entry) {
        send(
                DownloadModeTopology.LOGS_SINK,
                integration.integrationId(),
                EventEnvelope.withStableId(
                        cause + "|log", integration.accountId(), integration.integrationId(), entry, clock));
    }
}
