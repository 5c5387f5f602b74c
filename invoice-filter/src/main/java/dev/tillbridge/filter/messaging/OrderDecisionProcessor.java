package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.filter.service.OrderLedger;
import dev.tillbridge.filter.service.OrderRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Decides every {@code raw-orders} record under Kafka Streams' exactly-once processing: the order's
 * remembered record, the outputs and the consumed offset commit in one transaction, so a crash at any
 * point either released an order (and remembers it) or did neither.
 *
 * <p>Records of an integration this instance does not know yet are parked and decided once the
 * integration arrives on the {@code integrations} table; dropped, with a log line, only when it has not arrived
 * within the parked retention (a deleted integration).
 *
 * <p>What it remembers is forgotten after the retention ({@link StateRetention}, {@link LedgerSweep}); a first
 * sighting of an order that may have been forgotten is decided by {@code OrderLedger} with this partition's mark.
 *
 * <p>Traces: each record is decided inside a span whose parent is the {@code traceparent} the record came with (the
 * poller's cycle); what the decision writes ({@link DecisionOutputs}) carries that span in its own header.
 */
final class OrderDecisionProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = Logger.getLogger(OrderDecisionProcessor.class);
    private static final String PARKED_SEPARATOR = "|";

    private final Clock clock;
    private final Duration recheckInterval;
    private final Runnable onMalformed;
    private final StateRetention retention;
    private final Tracer tracer;

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> orders;
    private KeyValueStore<String, String> parked;
    private KeyValueStore<String, String> marks;
    private LedgerSweep ledgerSweep;
    private String task;
    private IntegrationTable integrations;
    private DecisionOutputs outputs;
    /**
     * False only once a full sweep left nothing parked; any park sets it again. Parking is rare (an order
     * ahead of its integration), and without this every order paid for a prefix scan of the parked store.
     * {@link #init} sets it: the store may hold records from before a restart, rebalance or aborted
     * transaction. The scheduled full sweep does not depend on it.
     */
    private boolean mayHaveParked;

    OrderDecisionProcessor(
            Clock clock, Duration recheckInterval, Runnable onMalformed, StateRetention retention, Tracer tracer) {
        this.tracer = tracer;
        this.clock = clock;
        this.recheckInterval = recheckInterval;
        this.onMalformed = onMalformed;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.outputs = new DecisionOutputs(context, clock, retention.metrics());
        this.orders = context.getStateStore(DownloadModeTopology.ORDERS_STORE);
        this.parked = context.getStateStore(DownloadModeTopology.PARKED_STORE);
        this.marks = context.getStateStore(DownloadModeTopology.MARKS_STORE);
        this.integrations = new IntegrationTable(context.getStateStore(DownloadModeTopology.INTEGRATIONS_STORE));
        this.mayHaveParked = true;
        this.task = context.taskId().toString();
        this.ledgerSweep = new LedgerSweep(orders, marks, retention, this::forgetAwaiting, task);
        context.schedule(recheckInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> decideParked());
        context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> sweepLedger());
    }

    @Override
    public void close() {
        retention.metrics().forget(task);
    }

    private void sweepLedger() {
        retention.metrics().pruned(DownloadModeTopology.ORDERS_STORE, ledgerSweep.sweep());
        retention.metrics().size(DownloadModeTopology.ORDERS_STORE, task, orders.approximateNumEntries());
        retention.metrics().size(DownloadModeTopology.PARKED_STORE, task, parked.approximateNumEntries());
        retention.metrics().size(DownloadModeTopology.MARKS_STORE, task, marks.approximateNumEntries());
    }

    /** The mismatch watch remembers orders awaiting their invoice: it forgets them with the ledger. */
    private void forgetAwaiting(String integrationId, OrderRecord forgotten) {
        OrderSnapshot order = forgotten.latest();
        outputs.fact(integrationId, new MismatchFact(order.entityId(), null, order.createdAt(), clock.instant()));
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.value() == null) {
            return;
        }
        Span span = tracer.spanBuilder("raw-orders process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceHeaders.extract(record.headers()))
                .startSpan();
        try (SpanScope ignored = SpanScope.enter(span)) {
            processRecord(record);
        } finally {
            span.end();
        }
    }

    private void processRecord(Record<String, String> record) {
        EventEnvelope<EventPayload> envelope;
        try {
            envelope = EventJson.decode(record.value());
        } catch (MalformedEventException e) {
            onMalformed.run();
            LOG.warnf(
                    "Unreadable raw-orders record (key %s) goes to %s: %s",
                    record.key(), Topics.deadLetter(Topics.RAW_ORDERS), e.getMessage());
            context.forward(record, DownloadModeTopology.DLQ_SINK);
            return;
        }
        String integrationId = integrationOf(envelope.payload());
        if (integrationId == null) {
            onMalformed.run();
            context.forward(record, DownloadModeTopology.DLQ_SINK);
            return;
        }
        Optional<IntegrationConfigured> integration = integrations.find(integrationId);
        if (integration.isEmpty()) {
            LOG.infof("Order record %s waits for integration %s to be known", record.key(), integrationId);
            parked.put(parkedKey(record.key()), record.value());
            mayHaveParked = true;
            return;
        }
        // Records of this order parked earlier are older: they are decided first, in the order they came.
        decideParked(record.key() + PARKED_SEPARATOR);
        decide(envelope, integration.get());
    }

    /**
     * The order's key, then its input offset zero-padded: all records of one order share a partition, so
     * the store's key order is their arrival order (an observation before the re-download it enabled).
     */
    private String parkedKey(String orderKey) {
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(0L);
        return orderKey + PARKED_SEPARATOR + String.format("%020d", offset);
    }

    private void decide(EventEnvelope<EventPayload> envelope, IntegrationConfigured integration) {
        if (envelope.payload() instanceof OrderObserved observed) {
            String key = Topics.orderKey(
                    integration.integrationId(), observed.order().entityId());
            OrderRecord prior = readOrder(key);
            Instant mark = prior == null ? ledgerSweep.mark(integration.integrationId()) : null;
            OrderLedger.Step step = OrderLedger.observe(prior, observed.order(), integration, mark);
            if (step.changes(prior)) {
                orders.put(key, write(step.next().changedAt(retention.clock().instant())));
            }
            if (step.next().lastSkip() == SkipReason.PAST_RETENTION && prior == null) {
                LOG.infof(
                        "Integration %s: order %s is older than an order forgotten after %d days without changes;"
                                + " skipped as %s, not released again",
                        integration.integrationId(),
                        observed.order().incrementId(),
                        retention.orders().toDays(),
                        SkipReason.PAST_RETENTION);
            }
            step.effect().ifPresent(effect -> outputs.apply(effect, envelope.id(), integration));
        } else if (envelope.payload() instanceof RedownloadRequested request) {
            String key = Topics.orderKey(integration.integrationId(), request.entityId());
            OrderRecord prior = readOrder(key);
            if (request.onlyIfReleased() && (prior == null || !prior.released())) {
                // A forced resync: an order never released is left to the observation that follows this request.
                return;
            }
            Optional<OrderLedger.Step> step = OrderLedger.redownload(prior, envelope.id());
            if (step.isEmpty()) {
                outputs.log(
                        envelope.id(),
                        integration,
                        LogEntry.error(
                                        integration.integrationId(),
                                        LogService.TILLBRIDGE,
                                        DecisionOutputs.SOURCE,
                                        cannotRedownload(
                                                request.entityId(),
                                                ledgerSweep.mark(integration.integrationId()) != null))
                                .aboutOrder(request.entityId()));
                return;
            }
            if (step.get().effect().isEmpty()) {
                // The same request delivered again (its producer's outbox published it twice): honoured already.
                LOG.infof(
                        "Re-download request %s for order %s seen before: the order is not released again",
                        envelope.id(), key);
                return;
            }
            orders.put(key, write(step.get().next().changedAt(retention.clock().instant())));
            step.get().effect().ifPresent(effect -> outputs.apply(effect, envelope.id(), integration));
            OrderSnapshot order = step.get().next().latest();
            outputs.log(
                    envelope.id(),
                    integration,
                    LogEntry.info(
                                    integration.integrationId(),
                                    LogService.TILLBRIDGE,
                                    DecisionOutputs.SOURCE,
                                    "Order " + order.incrementId() + " downloaded again at the request of "
                                            + (request.requestedBy() == null ? "an operator" : request.requestedBy())
                                            + ".")
                            .aboutOrder(order.entityId()));
        }
    }

    private String cannotRedownload(long entityId, boolean forgetsOrders) {
        String sentence = "Cannot download order " + entityId + " again: Tillbridge has not seen it in Magento yet";
        if (!forgetsOrders) {
            return sentence + ".";
        }
        return sentence + ", or forgot it after " + retention.orders().toDays() + " days without a change. Change the"
                + " order in Magento (a comment is enough) so that the next sync reads it, then download it again.";
    }

    /** Decides parked records whose integration is known now, oldest first per order. */
    private void decideParked() {
        decideParked("");
    }

    private void decideParked(String keyPrefix) {
        boolean sweep = keyPrefix.isEmpty();
        if (!sweep && !mayHaveParked) {
            return;
        }
        var ready = new ArrayList<KeyValue<String, String>>();
        try (KeyValueIterator<String, String> it =
                keyPrefix.isEmpty() ? parked.all() : parked.prefixScan(keyPrefix, new StringSerializer())) {
            while (it.hasNext()) {
                ready.add(it.next());
            }
        }
        int stillParked = 0;
        int dropped = 0;
        Instant parkedBefore = retention.clock().instant().minus(retention.parked());
        for (KeyValue<String, String> entry : ready) {
            EventEnvelope<EventPayload> envelope = EventJson.decode(entry.value);
            Optional<IntegrationConfigured> integration = integrations.find(integrationOf(envelope.payload()));
            if (integration.isPresent()) {
                parked.delete(entry.key);
                decide(envelope, integration.get());
            } else if (sweep && envelope.occurredAt().isBefore(parkedBefore)) {
                // Its integration never came (deleted): nobody to tell but the operator of this service.
                parked.delete(entry.key);
                dropped++;
                LOG.warnf(
                        "Integration %s: dropped order record %s, parked since %s for an integration that never"
                                + " became known",
                        integrationOf(envelope.payload()), entry.key, envelope.occurredAt());
            } else {
                stillParked++;
            }
        }
        retention.metrics().pruned(DownloadModeTopology.PARKED_STORE, dropped);
        if (sweep && stillParked == 0) {
            mayHaveParked = false;
        }
    }

    private static String integrationOf(EventPayload payload) {
        if (payload instanceof OrderObserved observed) {
            return observed.integrationId();
        }
        if (payload instanceof RedownloadRequested request) {
            return request.integrationId();
        }
        return null;
    }

    private OrderRecord readOrder(String key) {
        String value = orders.get(key);
        return value == null ? null : StateJson.read(value, OrderRecord.class);
    }

    private static String write(Object value) {
        return StateJson.write(value);
    }
}
