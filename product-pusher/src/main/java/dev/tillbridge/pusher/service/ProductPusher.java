package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertCode;
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
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.magento.MagentoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The pusher: takes consumed product updates, sends them to each integration's Magento as fast as that
 * store takes them, counts every record once in its run, and tells the consumer which records are finished.
 * Plain Java (no Quarkus), so the service, the crash test's child process and the benchmark run the same code.
 *
 * <p>Threads: the consumer's thread calls {@link #accept}; one dispatcher thread hands waiting products to
 * workers while each integration's concurrency limit allows; workers make the blocking Magento calls and
 * count the outcome in PostgreSQL before the record is acknowledged; one ticker publishes progress.
 */
public final class ProductPusher implements AutoCloseable {

    public static final String ORIGIN = "product-pusher";
    private static final Logger LOG = Logger.getLogger(ProductPusher.class);
    private static final Duration SKIP_LOG_INTERVAL = Duration.ofMinutes(5);
    private static final Duration RUN_STORE_RETRY = Duration.ofSeconds(1);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final PushSettings settings;
    private final IntegrationSource integrations;
    private final MagentoConnector connector;
    private final RunRepository runs;
    private final PusherEvents events;
    private final IncomingEvents incoming;
    private final RecordAcks acks;
    private final Clock clock;
    private final AlertKeeper alerts;
    private final RunProgress progress;
    private final BulkSender bulk;

    private final Map<String, IntegrationLane> lanes = new ConcurrentHashMap<>();
    private final Map<RunKey, RunSnapshot> openRuns = new ConcurrentHashMap<>();
    private final Map<String, Instant> skipLoggedAt = new ConcurrentHashMap<>();
    /**
     * Records of integrations this process does not know yet (the POS was quicker than the integrations topic
     * reached this replica's directory). Held, unacknowledged, and decided once the integration is known; a
     * crash meanwhile replays them, since their offsets were never committed.
     */
    private final Queue<Awaiting> awaitingIntegration = new ConcurrentLinkedQueue<>();

    private final AtomicInteger buffered = new AtomicInteger();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService ticker;
    private final Thread dispatcher;
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean running;

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final Counter saved;
    private final Counter rejected;
    private final Counter overloaded;
    private final Counter coalesced;

    public ProductPusher(
            PushSettings settings,
            IntegrationSource integrations,
            MagentoConnector connector,
            RunRepository runs,
            PusherEvents events,
            IncomingEvents incoming,
            RecordAcks acks,
            MeterRegistry registry,
            Clock clock) {
        this(
                settings,
                integrations,
                connector,
                runs,
                events,
                incoming,
                acks,
                registry,
                clock,
                OpenTelemetry.noop().getTracer(TRACER));
    }

    /** The instrumentation name of the save spans. */
    public static final String TRACER = "dev.tillbridge.pusher";

    /** @param tracer each save in Magento is a span in the trace of the product updates it sends ({@link SaveTrace}) */
    public ProductPusher(
            PushSettings settings,
            IntegrationSource integrations,
            MagentoConnector connector,
            RunRepository runs,
            PusherEvents events,
            IncomingEvents incoming,
            RecordAcks acks,
            MeterRegistry registry,
            Clock clock,
            Tracer tracer) {
        this.tracer = tracer;
        this.settings = settings;
        this.integrations = integrations;
        this.connector = connector;
        this.runs = runs;
        this.events = events;
        this.incoming = incoming;
        this.acks = acks;
        this.clock = clock;
        this.registry = registry;
        this.alerts = new AlertKeeper(runs, events, clock, settings.alertRepeat());
        this.progress = new RunProgress(runs, events, alerts, settings, clock, closed -> openRuns.remove(closed.key()));
        this.bulk = new BulkSender(this, settings, clock, tracer);
        this.workers = new ThreadPoolExecutor(
                settings.workerThreads(),
                settings.workerThreads(),
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemon("product-pusher-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("product-pusher-progress"));
        this.dispatcher = daemon("product-pusher-dispatch").newThread(this::dispatchLoop);
        this.saved = counter("saved");
        this.rejected = counter("rejected");
        this.overloaded = counter("overloaded");
        this.coalesced = Counter.builder("tillbridge.pusher.coalesced")
                .description("Product updates folded into a waiting update of the same SKU")
                .register(registry);
        Gauge.builder("tillbridge.pusher.buffered", buffered, AtomicInteger::get)
                .description("Consumed product updates not finished yet")
                .register(registry);
        // Across integrations, never per integration (no integration id labels): the sum is what this replica may
        // have in flight, the minimum shows a store that pushed back.
        Gauge.builder(
                        "tillbridge.pusher.concurrency.limit",
                        lanes,
                        l -> l.values().stream()
                                .mapToInt(lane -> lane.putLimit().limit())
                                .sum())
                .description("Saves in flight allowed now, over the integrations of this replica")
                .tag("stat", "sum")
                .register(registry);
        Gauge.builder(
                        "tillbridge.pusher.concurrency.limit",
                        lanes,
                        l -> l.values().stream()
                                .mapToInt(lane -> lane.putLimit().limit())
                                .min()
                                .orElse(0))
                .description("Saves in flight allowed now, over the integrations of this replica")
                .tag("stat", "min")
                .register(registry);
        Gauge.builder("tillbridge.pusher.integrations", lanes, Map::size)
                .description("Integrations this replica pushes products for")
                .register(registry);
    }

    private Counter counter(String outcome) {
        return Counter.builder("tillbridge.pusher.sends")
                .description("Product saves by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Starts the dispatcher and the progress ticker, and picks up the runs a previous process left open. */
    public void start() {
        running = true;
        dispatcher.start();
        ticker.scheduleWithFixedDelay(
                this::tick,
                settings.progressInterval().toMillis(),
                settings.progressInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
        try {
            for (RunSnapshot run : runs.open()) {
                openRuns.put(run.key(), run);
                progress.moved(run.key());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Open runs not read at start (they resume with their next record): %s", e.getMessage());
        }
    }

    // ---- input -------------------------------------------------------------------------------------------

    private record Candidate(IntegrationLane lane, ProductUpdate update, Carried carried) {}

    /**
     * Takes a batch of consumed records. Each one is finished (acknowledged) exactly once: at once when it
     * needs no send (not ours, a repeat, invalid), or when its product's send ended and was counted.
     */
    public void accept(List<ConsumerRecord<String, String>> records) {
        buffered.addAndGet(records.size());
        decide(records);
    }

    /**
     * Decides the held records whose integration is known now, in the order they came. Called by the consumer's
     * thread between polls, like {@link #accept}, so the two never run at once.
     */
    public void retryAwaiting() {
        if (awaitingIntegration.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> ready = new ArrayList<>();
        for (Iterator<Awaiting> it = awaitingIntegration.iterator(); it.hasNext(); ) {
            Awaiting awaiting = it.next();
            if (integrations.find(awaiting.integrationId()).isPresent()) {
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
            Candidate candidate = retryingRunStore(() -> read(record));
            if (candidate != null) {
                byRun.computeIfAbsent(candidate.carried().run(), k -> new ArrayList<>())
                        .add(candidate);
            }
        }
        for (Map.Entry<RunKey, List<Candidate>> run : byRun.entrySet()) {
            List<Integer> positions =
                    run.getValue().stream().map(c -> c.carried().position()).toList();
            Set<Integer> counted = retryingRunStore(() -> runs.countedPositions(run.getKey(), positions));
            for (Candidate candidate : run.getValue()) {
                if (counted.contains(candidate.carried().position())) {
                    finished(candidate.carried());
                } else if (candidate.lane().pending().offer(candidate.update(), candidate.carried())) {
                    coalesced.increment();
                }
            }
        }
        wake();
    }

    private Candidate read(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            finished(partition, record.offset());
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
            finished(partition, record.offset());
            return null;
        }
        RunSnapshot run = run(lane.get(), update.runId(), update.runTotal());
        Carried carried = new Carried(
                run.key(), update.position(), partition, record.offset(), TraceHeaders.traceparent(record.headers()));
        if (run.closed()) {
            finished(carried);
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
                RunSnapshot run = run(lane.get(), update.runId(), update.runTotal());
                Carried carried = new Carried(run.key(), update.position(), partition, record.offset());
                if (!run.closed()) {
                    invalid(lane.get(), carried, update.sku(), record, "the record cannot be read (" + reason + ").");
                    return;
                }
            }
        }
        deadLetter(record, reason, () -> finished(partition, record.offset()));
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
                            new LogEntry(id, LogService.POS, LogType.ERROR, message, ORIGIN, sku),
                            clock));
            LOG.warnf("Integration %s: %s", id, message);
        }
        progress.moved(carried.run());
        deadLetter(record, reason, () -> finished(carried));
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

    private RunSnapshot run(IntegrationLane lane, String runId, int total) {
        RunKey key = new RunKey(lane.integrationId(), runId);
        RunSnapshot known = openRuns.get(key);
        if (known != null) {
            return known;
        }
        RunRepository.OpenedRun opened = runs.open(key, lane.accountId(), total, clock.instant());
        if (opened.created()) {
            started(lane, opened);
        }
        if (!opened.run().closed()) {
            openRuns.put(key, opened.run());
            progress.moved(key);
        }
        return opened.run();
    }

    private void started(IntegrationLane lane, RunRepository.OpenedRun opened) {
        RunSnapshot run = opened.run();
        String id = lane.integrationId();
        String why = "";
        if (opened.start() instanceof RunStart.Restart restart) {
            why = " The POS started again before run " + restart.supersededRunId() + " completed (restart "
                    + restart.restarts() + ").";
        } else if (opened.start() instanceof RunStart.Side side) {
            why = " It is sent alongside run " + side.currentRunId() + ".";
        }
        String message = String.format(
                Locale.ROOT,
                "Started product run %s: %,d %s to send to Magento.%s",
                run.key().runId(),
                run.total(),
                run.total() == 1 ? "product" : "products",
                why);
        events.publish(
                Topics.INTEGRATION_LOGS,
                id,
                EventEnvelope.withStableId(
                        run.key() + "|started",
                        run.accountId(),
                        id,
                        LogEntry.info(id, LogService.MAGENTO, ORIGIN, message),
                        clock));
        LOG.infof("Integration %s: %s", id, message);
    }

    /**
     * Partitions went to another consumer: their waiting products are forgotten (it reads them again).
     * Returns how many records were dropped.
     */
    public int revoke(Collection<TopicPartition> partitions) {
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
        buffered.addAndGet(-dropped);
        return dropped;
    }

    /** Records taken and not finished: the consumer pauses above {@code maxBuffered}. */
    public int buffered() {
        return buffered.get();
    }

    // ---- dispatch ----------------------------------------------------------------------------------------

    private void dispatchLoop() {
        while (running) {
            long now = System.nanoTime();
            long waitNanos = IDLE_WAIT_NANOS;
            for (IntegrationLane lane : lanes.values()) {
                if (!lane.pending().hasWaiting()) {
                    continue;
                }
                if (lane.paused(now)) {
                    waitNanos = Math.min(waitNanos, Math.max(1_000_000L, lane.pausedUntilNanos() - now));
                    continue;
                }
                try {
                    if (bulk.usesBulk(lane)) {
                        bulk.dispatch(lane);
                    } else {
                        dispatchPuts(lane);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Integration %s: dispatch failed", lane.integrationId());
                }
            }
            awaitWork(waitNanos);
        }
    }

    private void dispatchPuts(IntegrationLane lane) {
        while (running && lane.pending().hasWaiting() && !lane.paused(System.nanoTime())) {
            Optional<ConcurrencyLimit.Permit> permit =
                    lane.putLimitFor(System.nanoTime()).tryAcquire();
            if (permit.isEmpty()) {
                return;
            }
            ProductChange change = lane.pending().take();
            if (change == null) {
                permit.get().ignored();
                return;
            }
            workers.execute(() -> sendPut(lane, change, permit.get()));
        }
    }

    private void sendPut(IntegrationLane lane, ProductChange change, ConcurrencyLimit.Permit permit) {
        long started = System.nanoTime();
        SendOutcome outcome;
        Span span = SaveTrace.start(tracer, "product save", lane.integrationId(), List.of(change));
        try (SpanScope ignored = SpanScope.enter(span)) {
            lane.client().putProduct(change.sku(), MagentoProduct.of(change.latest()));
            outcome = new SendOutcome.Accepted();
        } catch (MagentoException e) {
            outcome = SendOutcome.of(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Integration %s: sending %s failed unexpectedly", lane.integrationId(), change.sku());
            outcome = new SendOutcome.Rejected("Tillbridge could not send the product: " + e.getMessage());
        } finally {
            span.end();
        }
        try {
            settle(lane, change, permit, outcome, started);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Integration %s: the outcome for %s was not recorded; it is sent again",
                    lane.integrationId(),
                    change.sku());
            lane.pending().retry(change);
        } finally {
            wake();
        }
    }

    /** What an outcome does to the product, the integration's limit and pause, and the alerts. */
    void settle(
            IntegrationLane lane,
            ProductChange change,
            ConcurrencyLimit.Permit permit,
            SendOutcome outcome,
            long startedNanos) {
        String id = lane.integrationId();
        if (outcome instanceof SendOutcome.Accepted) {
            // The permit is held until the save is counted: a crash then re-sends at most the window.
            try {
                finish(lane, change, true, null);
            } finally {
                permit.completed();
            }
            saved.increment();
            lane.chooser().finished(SendMode.PUT, 1);
            magentoAnswered(lane);
        } else if (outcome instanceof SendOutcome.Rejected refusal) {
            try {
                finish(lane, change, false, refusal.readableMessage());
            } finally {
                permit.ignored();
            }
            rejected.increment();
            lane.chooser().finished(SendMode.PUT, 1);
            magentoAnswered(lane);
        } else if (outcome instanceof SendOutcome.Overloaded overload) {
            permit.dropped();
            overloaded.increment();
            if (overload.lockContention()) {
                lane.answered();
                change.attempted();
                if (change.attempts() >= settings.maxLockWaitAttempts()) {
                    finish(lane, change, false, overload.readableMessage());
                    return;
                }
            } else {
                storeUnavailable(lane, overload, startedNanos);
            }
            lane.pending().retry(change);
        } else if (outcome instanceof SendOutcome.Blocked blocked) {
            permit.ignored();
            blocked(lane, blocked);
            lane.pending().retry(change);
        }
    }

    /** 429/5xx/no answer: the lane pauses (from the second failure in a row) and the alert may be raised. */
    void storeUnavailable(IntegrationLane lane, SendOutcome.Overloaded overload, long startedNanos) {
        long now = System.nanoTime();
        Duration pause = lane.unavailable(startedNanos, now, overload.retryAfter(), overload.readableMessage());
        LOG.debugf(
                "Integration %s: Magento unavailable (%s); pausing %d ms",
                lane.integrationId(), overload.readableMessage(), pause.toMillis());
        if (lane.failingFor(now).compareTo(settings.unreachableAlertAfter()) >= 0) {
            alerts.raise(
                    lane.integrationId(), lane.accountId(), AlertCode.MAGENTO_UNREACHABLE, overload.readableMessage());
        }
    }

    void blocked(IntegrationLane lane, SendOutcome.Blocked blocked) {
        lane.blocked(System.nanoTime());
        alerts.raise(lane.integrationId(), lane.accountId(), blocked.alertCode(), blocked.readableMessage());
    }

    private void magentoAnswered(IntegrationLane lane) {
        lane.answered();
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_UNREACHABLE,
                "Magento answers again; product updates continue.");
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_AUTH_FAILED,
                "Magento accepts Tillbridge's credentials again; product updates continue.");
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_ADDRESS_REFUSED,
                "Tillbridge connects to the store's address again; product updates continue.");
    }

    /** The send ended for good: count every record it answers for, then let their offsets go. */
    void finish(IntegrationLane lane, ProductChange change, boolean sent, String error) {
        List<Carried> counted = runs.count(change.carried(), sent, change.sku(), error, clock.instant());
        lane.pending().finished(change);
        change.carried().forEach(this::finished);
        if (!sent && !counted.isEmpty()) {
            String id = lane.integrationId();
            Carried first = counted.get(0);
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    id,
                    EventEnvelope.withStableId(
                            first.run() + "|" + first.position() + "|rejected",
                            lane.accountId(),
                            id,
                            new LogEntry(id, LogService.MAGENTO, LogType.ERROR, error, ORIGIN, change.sku()),
                            clock));
            LOG.infof("Integration %s: Magento rejected %s: %s", id, change.sku(), error);
        }
    }

    private void finished(Carried carried) {
        progress.moved(carried.run());
        finished(carried.partition(), carried.offset());
    }

    private void finished(TopicPartition partition, long offset) {
        acks.done(partition, offset);
        buffered.decrementAndGet();
    }

    void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void awaitWork(long nanos) {
        synchronized (wakeUp) {
            if (!woken) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    void execute(Runnable work) {
        workers.execute(work);
    }

    boolean running() {
        return running;
    }

    RunRepository runs() {
        return runs;
    }

    AlertKeeper alerts() {
        return alerts;
    }

    Clock clock() {
        return clock;
    }

    Counter savedCounter() {
        return saved;
    }

    Counter rejectedCounter() {
        return rejected;
    }

    void magentoAnsweredFor(IntegrationLane lane) {
        magentoAnswered(lane);
    }

    // ---- progress and housekeeping -----------------------------------------------------------------------

    private void tick() {
        try {
            progress.tick();
        } catch (RuntimeException e) {
            LOG.warnf("Progress tick failed: %s", e.getMessage());
        }
    }

    private void prune() {
        try {
            int pruned = runs.prunePositions(clock.instant().minus(Duration.ofDays(7)));
            if (pruned > 0) {
                LOG.infof("Pruned %d counted positions of runs closed more than 7 days ago", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pruning run positions failed: %s", e.getMessage());
        }
    }

    /** The concurrency limit an integration has now (for the benchmark and metrics), or 0 if unknown. */
    public int concurrencyLimit(String integrationId) {
        IntegrationLane lane = lanes.get(integrationId);
        return lane == null ? 0 : lane.putLimit().limit();
    }

    /** Saves of an integration in flight now, or 0 if unknown. */
    public int inFlight(String integrationId) {
        IntegrationLane lane = lanes.get(integrationId);
        return lane == null ? 0 : lane.putLimit().inFlight();
    }

    public Optional<SendMode> currentMode(String integrationId) {
        IntegrationLane lane = lanes.get(integrationId);
        return lane == null ? Optional.empty() : Optional.of(bulk.usesBulk(lane) ? SendMode.BULK : SendMode.PUT);
    }

    public boolean alive() {
        return running && dispatcher.isAlive();
    }

    /** Stops taking work, lets sends in flight end (up to {@code grace}) and publishes a last progress. */
    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    public void close(Duration grace) {
        running = false;
        wake();
        try {
            dispatcher.join(grace.toMillis());
            workers.shutdown();
            workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker.shutdownNow();
        tick();
    }

    private <T> T retryingRunStore(Supplier<T> work) {
        while (true) {
            try {
                return work.get();
            } catch (RunRepository.RunStoreUnavailable e) {
                if (!running) {
                    throw e;
                }
                LOG.warnf("%s; trying again in %d s", e.getMessage(), RUN_STORE_RETRY.toSeconds());
                try {
                    Thread.sleep(RUN_STORE_RETRY.toMillis());
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

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
