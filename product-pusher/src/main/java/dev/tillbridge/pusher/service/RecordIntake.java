package dev.tillbridge.pusher.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.DeadLetters;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.tracing.TraceHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Record intake: reads each consumed product update, checks it, and either finishes it at once (not ours,
 * a repeat, a closed run, invalid: counted as failed and dead-lettered), parks it while its integration is
 * not known here yet, or puts it in its integration's line for the dispatcher. Opens the run of a record on
 * its first record. Called by the consumer's thread only.
 */
final class RecordIntake {

    private static final Logger LOG = Logger.getLogger(RecordIntake.class);
    private static final Duration SKIP_LOG_INTERVAL = Duration.ofMinutes(5);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(1);

    private final PushSettings settings;
    private final IntegrationSource integrations;
    private final MagentoConnector connector;
    private final RunRepository runs;
    private final PusherEvents events;
    private final IncomingEvents incoming;
    private final RunProgress progress;
    private final OpenRuns openRuns;
    private final RecordFinisher finisher;
    private final Workers workers;
    private final MeterRegistry registry;
    private final Counter databaseWaits;
    private final Clock clock;
    private final Map<String, IntegrationLane> lanes;
    private final Counter coalesced;

    private final Map<String, Instant> skipLoggedAt = new ConcurrentHashMap<>();
    /**
     * Records of integrations this process does not know yet (the POS was quicker than the integrations topic
     * reached this replica's directory). Held, unacknowledged, and decided once the integration is known; a
     * crash meanwhile replays them, since their offsets were never committed.
     */
    private final Queue<Awaiting> awaitingIntegration = new ConcurrentLinkedQueue<>();

    RecordIntake(
            PushSettings settings,
            IntegrationSource integrations,
            MagentoConnector connector,
            RunRepository runs,
            PusherEvents events,
            IncomingEvents incoming,
            RunProgress progress,
            OpenRuns openRuns,
            RecordFinisher finisher,
            Workers workers,
            Map<String, IntegrationLane> lanes,
            MeterRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.integrations = integrations;
        this.connector = connector;
        this.runs = runs;
        this.events = events;
        this.incoming = incoming;
        this.progress = progress;
        this.openRuns = openRuns;
        this.finisher = finisher;
        this.workers = workers;
        this.lanes = lanes;
        this.registry = registry;
        this.clock = clock;
        this.coalesced = Counter.builder("tillbridge.pusher.coalesced")
                .description("Product updates folded into a waiting update of the same SKU")
                .register(registry);
        this.databaseWaits = Counter.builder("tillbridge.pusher.intake.database.waits")
                .description("Times the intake waited for PostgreSQL (run state or integrations) before it went on")
                .register(registry);
    }

    private record Candidate(IntegrationLane lane, ProductUpdate update, Carried carried) {}

    /**
     * Takes a batch of consumed records. Each one is finished (acknowledged) exactly once: at once when it
     * needs no send (not ours, a repeat, invalid), or when its product's send ended and was counted.
     */
    void accept(List<ConsumerRecord<String, String>> records) {
        finisher.taken(records.size());
        decide(records);
    }

    /**
     * Decides the held records whose integration is known now, in the order they came. Called by the consumer's
     * thread between polls, like {@link #accept}, so the two never run at once.
     */
    void retryAwaiting() {
        if (awaitingIntegration.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> ready = new ArrayList<>();
        for (Iterator<Awaiting> it = awaitingIntegration.iterator(); it.hasNext(); ) {
            Awaiting awaiting = it.next();
            if (retryingDatabase(() -> integrations.find(awaiting.integrationId()))
                    .isPresent()) {
                it.remove();
                ready.add(awaiting.record());
            }
        }
        if (!ready.isEmpty()) {
            LOG.infof("%d held product updates go on: their integrations are known now", ready.size());
            decide(ready);
        }
    }

    private record Awaiting(ConsumerRecord<String, String> record, String integrationId) {}

    private void decide(List<ConsumerRecord<String, String>> records) {
        Map<RunKey, List<Candidate>> byRun = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Candidate candidate = retryingDatabase(() -> read(record));
            if (candidate != null) {
                byRun.computeIfAbsent(candidate.carried().run(), k -> new ArrayList<>())
                        .add(candidate);
            }
        }
        for (Map.Entry<RunKey, List<Candidate>> run : byRun.entrySet()) {
            List<Integer> positions =
                    run.getValue().stream().map(c -> c.carried().position()).toList();
            Set<Integer> counted = retryingDatabase(() -> runs.countedPositions(run.getKey(), positions));
            for (Candidate candidate : run.getValue()) {
                if (counted.contains(candidate.carried().position())) {
                    finisher.finished(candidate.carried());
                } else if (candidate.lane().pending().offer(candidate.update(), candidate.carried())) {
                    coalesced.increment();
                }
            }
        }
        workers.wake();
    }

    private Candidate read(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            finisher.finished(partition, record.offset());
            return null;
        }
        EventEnvelope<ProductUpdate> envelope;
        try {
            envelope = incoming.read(record, ProductUpdate.class);
        } catch (MalformedEventException e) {
            unreadable(record, e.getMessage());
            return null;
        }
        ProductUpdate update = envelope.payload();
        if (integrations.find(update.integrationId()).isEmpty()) {
            awaitingIntegration.add(new Awaiting(record, update.integrationId()));
            logThrottled(
                    update.integrationId(),
                    "Product updates of integration " + update.integrationId() + " wait: it is not known here yet");
            return null;
        }
        Optional<IntegrationLane> lane = lane(update.integrationId());
        if (lane.isEmpty()) {
            finisher.finished(partition, record.offset());
            return null;
        }
        RunSnapshot run = openRuns.of(lane.get(), update.runId(), update.runTotal());
        Carried carried = new Carried(
                run.key(), update.position(), partition, record.offset(), TraceHeaders.traceparent(record.headers()));
        if (run.closed()) {
            finisher.finished(carried);
            return null;
        }
        ProductUpdateCheck.Verdict verdict = ProductUpdateCheck.check(envelope);
        if (verdict instanceof ProductUpdateCheck.Invalid invalid) {
            invalid(lane.get(), carried, update.sku(), record, invalid.reason());
            return null;
        }
        return new Candidate(lane.get(), update, carried);
    }

    /** A record that is no product update event: counted as failed in its run if its run can be told, then DLQ. */
    private void unreadable(ConsumerRecord<String, String> record, String reason) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Optional<UnreadableUpdate> salvaged = UnreadableUpdate.salvage(record.value());
        if (salvaged.isPresent()) {
            UnreadableUpdate update = salvaged.get();
            Optional<IntegrationLane> lane = lane(update.integrationId());
            if (lane.isPresent()) {
                RunSnapshot run = openRuns.of(lane.get(), update.runId(), update.runTotal());
                Carried carried = new Carried(run.key(), update.position(), partition, record.offset());
                if (!run.closed()) {
                    invalid(lane.get(), carried, update.sku(), record, "the record cannot be read (" + reason + ").");
                    return;
                }
            }
        }
        deadLetter(record, reason, () -> finisher.finished(partition, record.offset()));
    }

    private void invalid(
            IntegrationLane lane, Carried carried, String sku, ConsumerRecord<String, String> record, String reason) {
        String message = "Product update " + carried.position() + " of run "
                + carried.run().runId() + " was not sent to Magento: " + lowerFirst(reason);
        List<Carried> counted = runs.count(List.of(carried), false, sku, message, clock.instant());
        if (!counted.isEmpty()) {
            String id = lane.integrationId();
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    id,
                    EventEnvelope.withStableId(
                            carried.run() + "|" + carried.position() + "|invalid",
                            lane.accountId(),
                            id,
                            new LogEntry(id, LogService.POS, LogType.ERROR, message, PusherEvents.ORIGIN, sku),
                            clock));
            LOG.warnf("Integration %s: %s", id, message);
        }
        progress.moved(carried.run());
        deadLetter(record, reason, () -> finisher.finished(carried));
    }

    private void deadLetter(ConsumerRecord<String, String> record, String reason, Runnable then) {
        DeadLetters.counter(registry, record.topic()).increment();
        events.deadLetter(record, reason).whenComplete((ok, error) -> {
            if (error != null) {
                // Holding the offset would stop every later commit of the partition; the run has counted it.
                LOG.errorf(
                        "Record %s-%d@%d could not be dead-lettered: %s",
                        record.topic(), record.partition(), record.offset(), error.getMessage());
            }
            then.run();
        });
    }

    private Optional<IntegrationLane> lane(String integrationId) {
        Optional<IntegrationConfigured> config = integrations.find(integrationId);
        if (config.isEmpty() || !config.get().enabled()) {
            skipped(integrationId, config.isEmpty() ? "it is not a known integration" : "the integration is disabled");
            return Optional.empty();
        }
        IntegrationLane lane = lanes.get(integrationId);
        try {
            if (lane == null) {
                lane = lanes.computeIfAbsent(integrationId, id -> newLane(config.get()));
            } else if (lane.reconfigure(config.get(), connector)) {
                LOG.infof(
                        "Integration %s: configuration revision %d in use",
                        integrationId, config.get().revision());
            }
        } catch (RuntimeException e) {
            skipped(integrationId, "its Magento connection cannot be set up (" + e.getMessage() + ")");
            return Optional.empty();
        }
        return Optional.of(lane);
    }

    private IntegrationLane newLane(IntegrationConfigured config) {
        return new IntegrationLane(config, connector.connect(config), settings);
    }

    private void skipped(String integrationId, String why) {
        logThrottled(integrationId, "Product updates of integration " + integrationId + " are skipped: " + why);
    }

    /** One line per integration and interval, however many records say the same. */
    private void logThrottled(String integrationId, String message) {
        Instant now = clock.instant();
        Instant last = skipLoggedAt.get(integrationId);
        if (last == null || now.isAfter(last.plus(SKIP_LOG_INTERVAL))) {
            skipLoggedAt.put(integrationId, now);
            LOG.warn(message);
        }
    }

    /**
     * Partitions went to another consumer: their waiting products are forgotten (it reads them again).
     * Returns how many records were dropped.
     */
    int revoke(Collection<TopicPartition> partitions) {
        int dropped = 0;
        for (Iterator<Awaiting> it = awaitingIntegration.iterator(); it.hasNext(); ) {
            ConsumerRecord<String, String> record = it.next().record();
            if (partitions.contains(new TopicPartition(record.topic(), record.partition()))) {
                it.remove();
                dropped++;
            }
        }
        for (IntegrationLane lane : lanes.values()) {
            dropped +=
                    lane.pending().drop(c -> partitions.contains(c.partition())).size();
        }
        finisher.dropped(dropped);
        return dropped;
    }

    /**
     * Runs {@code work} until PostgreSQL answers: the run state and the integration directory live there, and a
     * database that restarts or fails over is a wait, not a reason to stop consuming (nothing is committed meanwhile).
     */
    private <T> T retryingDatabase(Supplier<T> work) {
        while (true) {
            try {
                return work.get();
            } catch (RunRepository.RunStoreUnavailable | IntegrationSource.Unavailable e) {
                if (!workers.running()) {
                    throw e;
                }
                databaseWaits.increment();
                LOG.warnf("%s; trying again in %d s", e.getMessage(), DATABASE_RETRY.toSeconds());
                try {
                    Thread.sleep(DATABASE_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String lowerFirst(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
