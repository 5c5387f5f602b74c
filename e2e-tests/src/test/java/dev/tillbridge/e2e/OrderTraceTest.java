package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.e2e.OtlpReceiver.ReceivedSpan;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.OrderSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One order, one trace, across processes: order-poller and invoice-filter run as they do in production, exporting
 * over OTLP (their own exporter, every trace sampled) to a collector on loopback that keeps the spans in memory
 * ({@link OtlpReceiver}). An Auto-Invoice order's trace starts at the poller's sync cycle, holds the cycle's Magento
 * calls, goes through {@code raw-orders} (W3C {@code traceparent} header) to the filter's decision, on to the record
 * on {@code filtered-orders}, and to the invoice call made later; the poller's JSON log line of that cycle carries
 * the same trace id.
 */
class OrderTraceTest {

    private static final String TOKEN = "e2e-token";
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(90);
    private static E2eInfrastructure infra;

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    private static OtlpReceiver collector;

    @BeforeAll
    static void start() throws Exception {
        infra = new E2eInfrastructure();
        collector = new OtlpReceiver();
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    /** What Kubernetes sets (deploy/base/config.yaml), pointed at the test's collector, every trace kept. */
    private static Map<String, String> traced(Map<String, String> settings) {
        settings.put("quarkus.otel.exporter.otlp.traces.endpoint", collector.endpoint());
        settings.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        settings.put("quarkus.otel.traces.sampler.arg", "1");
        // Spans leave in batches: a short delay so the test does not wait the default 5 s for each.
        settings.put("quarkus.otel.bsp.schedule.delay", "200ms");
        return settings;
    }

    @Test
    void anOrdersTraceRunsFromThePollersMagentoCallThroughTheDecisionToFilteredOrdersAndTheInvoice() throws Exception {
        SimulatedStore store = magento.createStore(
                StoreSpec.tenant("t" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
        // Processing, not invoiced: Auto-Invoice releases each and then invoices it in Magento.
        store.seedOrders(OrderSeed.of(3).withStates(Map.of("processing", 1)).withInvoicedFraction(0.0));
        Map<String, String> pollerSettings = traced(infra.pollerSettings());
        pollerSettings.put("quarkus.log.console.json.enabled", "true");
        pollerSettings.put("%prod.quarkus.log.console.json.enabled", "true");
        try (KafkaTestClient kafka = new KafkaTestClient(infra.bootstrapServers);
                ServiceProcess filter = new ServiceProcess("invoice-filter", traced(infra.filterSettings())).start();
                ServiceProcess poller = new ServiceProcess("order-poller", pollerSettings).start()) {
            IntegrationConfigured integration = new TestIntegrations(kafka, infra.credentialsKey)
                    .publish(store.magentoBaseUrl(), TOKEN, DownloadMode.AUTO_INVOICE, 2);
            Predicate<ConsumerRecord<String, String>> ours =
                    r -> r.key() != null && r.key().startsWith(integration.integrationId() + ":");

            ConsumerRecord<String, String> released = kafka.readUntil(
                            Topics.FILTERED_ORDERS, ours, found -> !found.isEmpty(), Duration.ofSeconds(120))
                    .get(0);
            String orderKey = released.key();
            Traceparent releasedBy = Traceparent.of(released)
                    .orElseThrow(() -> new AssertionError("the record on filtered-orders carries no traceparent"));
            ConsumerRecord<String, String> observed = kafka.readUntil(
                            Topics.RAW_ORDERS,
                            r -> orderKey.equals(r.key()),
                            found -> !found.isEmpty(),
                            Duration.ofSeconds(30))
                    .get(0);
            Traceparent observedIn = Traceparent.of(observed)
                    .orElseThrow(() -> new AssertionError("the record on raw-orders carries no traceparent"));
            String trace = observedIn.traceId();
            assertThat(releasedBy.traceId())
                    .as("raw-orders and filtered-orders records of order %s: one trace", orderKey)
                    .isEqualTo(trace);

            // The poller: the cycle span is the parent the raw-orders record names, and the cycle's Magento order
            // search is a client span inside it.
            ReceivedSpan cycle = awaitSpan(s -> s.spanId().equals(observedIn.spanId()));
            assertThat(cycle.service()).isEqualTo("order-poller");
            assertThat(cycle.name()).isEqualTo("sync cycle");
            assertThat(cycle.traceId()).isEqualTo(trace);
            assertThat(cycle.attributes()).containsEntry("tillbridge.integration.id", integration.integrationId());
            ReceivedSpan search = awaitSpan(s -> s.traceId().equals(trace)
                    && s.kind() == OtlpReceiver.KIND_CLIENT
                    && "GET /V1/orders".equals(s.attributes().get("tillbridge.magento.route")));
            assertThat(search.service()).isEqualTo("order-poller");
            assertThat(search.parentSpanId())
                    .as("Magento's order search is a child of the cycle")
                    .isEqualTo(cycle.spanId());

            // The filter: its decision span is the child of the cycle and the parent the filtered-orders record names.
            ReceivedSpan decision = awaitSpan(s -> s.spanId().equals(releasedBy.spanId()));
            assertThat(decision.service()).isEqualTo("invoice-filter");
            assertThat(decision.kind()).isEqualTo(OtlpReceiver.KIND_CONSUMER);
            assertThat(decision.traceId()).isEqualTo(trace);
            assertThat(decision.parentSpanId())
                    .as("the decision's parent is the poller's cycle")
                    .isEqualTo(cycle.spanId());
            assertThat(decision.attributes()).containsEntry("tillbridge.decision", "released");

            // The invoice, made later by the filter's scheduler, joins the same trace under the decision, with its
            // Magento call inside.
            ReceivedSpan invoice = awaitSpan(
                    s -> s.name().equals("invoice order") && s.parentSpanId().equals(decision.spanId()));
            assertThat(invoice.service()).isEqualTo("invoice-filter");
            assertThat(invoice.traceId()).isEqualTo(trace);
            assertThat(orderKey).endsWith(":" + entityIdOf(invoice, store));
            ReceivedSpan invoiceCall =
                    awaitSpan(s -> s.parentSpanId().equals(invoice.spanId()) && s.kind() == OtlpReceiver.KIND_CLIENT);
            assertThat(invoiceCall.attributes().get("tillbridge.magento.route")).startsWith("POST /V1/order/");
            assertThat(invoiceCall.attributes()).containsEntry("http.response.status_code", "200");

            // The trace id is in the poller's JSON log line of that cycle.
            assertThat(awaitLogLine("order-poller", "\"traceId\":\"" + trace + "\""))
                    .as("a JSON log line of order-poller with the trace id")
                    .contains(integration.integrationId());
        }
    }

    /** The order's entity id, by its increment id on the invoice span. */
    private static String entityIdOf(ReceivedSpan invoice, SimulatedStore store) {
        String incrementId = invoice.attributes().get("tillbridge.order.increment_id");
        return store.orders().stream()
                .filter(o -> o.incrementId().equals(incrementId))
                .map(o -> Integer.toString(o.entityId()))
                .findFirst()
                .orElse("?");
    }

    private static ReceivedSpan awaitSpan(Predicate<ReceivedSpan> wanted) {
        Instant deadline = Instant.now().plus(EXPORT_WAIT);
        while (true) {
            Optional<ReceivedSpan> found =
                    collector.spans().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "span not exported within " + EXPORT_WAIT.toSeconds() + " s; the collector had "
                                + collector.requests() + " requests and these spans: " + collector.spans());
            }
            ServiceProcess.sleep(200);
        }
    }

    private static String awaitLogLine(String module, String containing) throws Exception {
        Path log = Path.of("target", "e2e-logs", module + ".log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                Optional<String> line =
                        lines.stream().filter(l -> l.contains(containing)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no line with " + containing + " in " + log.toAbsolutePath());
            }
            ServiceProcess.sleep(200);
        }
    }

    /** A W3C traceparent header: version-traceid-parentid-flags. */
    private record Traceparent(String traceId, String spanId) {
        static Optional<Traceparent> of(ConsumerRecord<String, String> record) {
            Header header = record.headers().lastHeader("traceparent");
            if (header == null) {
                return Optional.empty();
            }
            String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
            return parts.length == 4 ? Optional.of(new Traceparent(parts[1], parts[2])) : Optional.empty();
        }
    }
}
