package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.filter.service.MismatchWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Watches each integration's decisions (all of them: the facts are keyed by integration) for a Download
 * Mode that does not fit the store, and raises or resolves DOWNLOAD_MODE_MISMATCH in the same transaction.
 * Re-evaluated on a wall-clock schedule too, since "waiting more than a day" becomes true without any event.
 */
final class MismatchProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = Logger.getLogger(MismatchProcessor.class);

    private final Clock clock;
    private final MismatchWatch.Thresholds thresholds;
    private final Duration recheckInterval;
    private final StateMetrics metrics;

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> watches;
    private IntegrationTable integrations;

    MismatchProcessor(
            Clock clock, MismatchWatch.Thresholds thresholds, Duration recheckInterval, StateMetrics metrics) {
        this.clock = clock;
        this.thresholds = thresholds;
        this.recheckInterval = recheckInterval;
        this.metrics = metrics;
    }

    @Override
    public void close() {
        metrics.forget(context.taskId().toString());
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.watches = context.getStateStore(DownloadModeTopology.MISMATCH_STORE);
        this.integrations = new IntegrationTable(context.getStateStore(DownloadModeTopology.INTEGRATIONS_STORE));
        context.schedule(recheckInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> recheckAll());
    }

    @Override
    public void process(Record<String, String> record) {
        MismatchFact fact = StateJson.read(record.value(), MismatchFact.class);
        MismatchWatch.State watch = read(record.key());
        watch = fact.isRelease()
                ? MismatchWatch.onRelease(watch, fact.entityId())
                : MismatchWatch.onSkip(
                        watch, fact.entityId(), fact.skipReason(), fact.orderCreatedAt(), fact.at(), thresholds);
        evaluate(record.key(), watch);
    }

    private void recheckAll() {
        var all = new ArrayList<KeyValue<String, String>>();
        try (KeyValueIterator<String, String> it = watches.all()) {
            while (it.hasNext()) {
                all.add(it.next());
            }
        }
        for (KeyValue<String, String> entry : all) {
            evaluate(
                    entry.key,
                    MismatchWatch.prune(
                            StateJson.read(entry.value, MismatchWatch.State.class), clock.instant(), thresholds));
        }
        metrics.size(DownloadModeTopology.MISMATCH_STORE, context.taskId().toString(), all.size());
    }

    private void evaluate(String integrationId, MismatchWatch.State watch) {
        Optional<IntegrationConfigured> integration = integrations.find(integrationId);
        if (integration.isPresent()) {
            watch = transition(integration.get(), watch, clock.instant());
        }
        watches.put(integrationId, StateJson.write(watch));
    }

    private MismatchWatch.State transition(IntegrationConfigured integration, MismatchWatch.State watch, Instant now) {
        MismatchWatch.Verdict verdict = MismatchWatch.evaluate(watch, integration.downloadMode(), now, thresholds);
        if (verdict.publish().isEmpty()) {
            return verdict.state();
        }
        AlertBook.Transition t = verdict.publish().get();
        Held held = t.held();
        boolean raise = t.state() == AlertState.RAISED;
        var alert = new AlertChanged(
                integration.integrationId(),
                MismatchWatch.CODE,
                t.state(),
                LogService.MAGENTO,
                raise ? held.message() : null,
                verdict.advice(),
                Objects.requireNonNullElse(held.firstSeenAt(), now),
                now,
                held.occurrences(),
                "invoice-filter");
        var envelope = EventEnvelope.of(integration.accountId(), integration.integrationId(), alert, clock);
        context.forward(
                new Record<>(
                        Topics.alertKey(integration.integrationId(), MismatchWatch.CODE),
                        EventJson.encode(envelope),
                        clock.millis(),
                        EventMessages.cloudEventHeaders(envelope, "invoice-filter")),
                DownloadModeTopology.ALERTS_SINK);
        LOG.infof(
                "Integration %s: DOWNLOAD_MODE_MISMATCH %s (%s)",
                integration.integrationId(), raise ? "raised" : "resolved", raise ? held.message() : null);
        return verdict.state();
    }

    private MismatchWatch.State read(String integrationId) {
        String value = watches.get(integrationId);
        return value == null ? MismatchWatch.State.EMPTY : StateJson.read(value, MismatchWatch.State.class);
    }
}
