package dev.tillbridge.pusher.service;

import dev.tillbridge.events.kafka.IncomingEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The pusher: takes consumed product updates, sends them to each integration's Magento as fast as that
 * store takes them, counts every record once in its run, and tells the consumer which records are finished.
 * Plain Java (no Quarkus), so the service, the crash test's child process and the benchmark run the same code.
 *
 * <p>Its parts: {@link RecordIntake} reads, checks and parks records on the consumer's thread; the
 * {@link Dispatcher}'s one thread hands waiting products to {@link Workers} by {@link PutSender} or
 * {@link BulkSender} while each integration's concurrency limit allows; the {@link Settlement} counts each
 * answer in PostgreSQL before the record is acknowledged and turns it into limits, pauses and alerts; one
 * ticker publishes progress ({@link RunProgress}).
 */
public final class ProductPusher implements AutoCloseable {

    /** The instrumentation name of the save spans. */
    public static final String TRACER = "dev.tillbridge.pusher";

    private static final Logger LOG = Logger.getLogger(ProductPusher.class);

    private final PushSettings settings;
    private final RunRepository runs;
    private final Clock clock;
    private final Map<String, IntegrationLane> lanes = new ConcurrentHashMap<>();
    private final RunProgress progress;
    private final OpenRuns openRuns;
    private final RecordFinisher finisher;
    private final RecordIntake intake;
    private final Workers workers;
    private final BulkSender bulk;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService ticker;

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
        this.settings = settings;
        this.runs = runs;
        this.clock = clock;
        AlertKeeper alerts =
                new AlertKeeper(new PusherAlertStore(runs.database()), events, clock, settings.alertRepeat());
        this.progress = new RunProgress(
                runs, events, alerts, settings, clock, closed -> runClosed(closed.key()), this::inFlight);
        this.openRuns = new OpenRuns(runs, events, progress, clock);
        this.finisher = new RecordFinisher(acks, progress);
        this.workers = new Workers(settings.workerThreads());
        this.intake = new RecordIntake(
                settings,
                integrations,
                connector,
                runs,
                events,
                incoming,
                progress,
                openRuns,
                finisher,
                workers,
                lanes,
                registry,
                clock);
        Settlement settlement = new Settlement(settings, runs, events, alerts, finisher, registry, clock);
        this.bulk = new BulkSender(workers, settlement, settings, tracer);
        this.dispatcher = new Dispatcher(lanes, workers, new PutSender(workers, settlement, tracer), bulk);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Workers.daemon("product-pusher-progress"));
        registerGauges(registry);
    }

    private void registerGauges(MeterRegistry registry) {
        Gauge.builder("tillbridge.pusher.buffered", finisher, RecordFinisher::buffered)
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

    private void runClosed(RunKey run) {
        openRuns.forget(run);
    }

    /** Starts the dispatcher and the progress ticker, and picks up the runs a previous process left open. */
    public void start() {
        workers.start();
        dispatcher.start();
        ticker.scheduleWithFixedDelay(
                this::tick,
                settings.progressInterval().toMillis(),
                settings.progressInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
        try {
            runs.open().forEach(openRuns::resume);
        } catch (RuntimeException e) {
            LOG.warnf("Open runs not read at start (they resume with their next record): %s", e.getMessage());
        }
    }

    /**
     * Takes a batch of consumed records. Each one is finished (acknowledged) exactly once: at once when it
     * needs no send (not ours, a repeat, invalid), or when its product's send ended and was counted.
     */
    public void accept(List<ConsumerRecord<String, String>> records) {
        intake.accept(records);
    }

    /**
     * Decides the held records whose integration is known now, in the order they came. Called by the consumer's
     * thread between polls, like {@link #accept}, so the two never run at once.
     */
    public void retryAwaiting() {
        intake.retryAwaiting();
    }

    /**
     * Partitions went to another consumer: their waiting products are forgotten (it reads them again).
     * Returns how many records were dropped.
     */
    public int revoke(Collection<TopicPartition> partitions) {
        return intake.revoke(partitions);
    }

    /** Records taken and not finished: the consumer pauses above {@code maxBuffered}. */
    public int buffered() {
        return finisher.buffered();
    }

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
        return workers.running() && dispatcher.alive();
    }

    /** Stops taking work, lets sends in flight end (up to {@code grace}) and publishes a last progress. */
    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    public void close(Duration grace) {
        workers.stop();
        try {
            dispatcher.join(grace);
            workers.drain(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker.shutdownNow();
        tick();
    }
}
