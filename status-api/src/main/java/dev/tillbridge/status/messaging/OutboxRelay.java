package dev.tillbridge.status.messaging;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.health.Heartbeat;
import dev.tillbridge.status.config.StatusApiConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * Publishes the {@code outbox} to Kafka: at-least-once, in id order per (topic, key), with any number of
 * replicas. A round locks the oldest pending row of each key ({@code FOR UPDATE SKIP LOCKED}), sends them,
 * and deletes in the same transaction only the rows the broker acknowledged; the rest stay for the next round.
 * A crash after the acknowledgement and before the commit publishes a row again, with the same envelope id.
 *
 * <p>Before it locks anything it asks the broker for metadata: a replica cut off from the broker (its network, its
 * credentials) takes no rows, so it never holds back the records another replica could publish.
 *
 * <p>It runs on its own thread: woken right after a commit that wrote to the outbox (low latency), and every
 * {@code relay-every} (records of other replicas, retries). The backlog it measures after each run is what
 * {@code /q/metrics} and readiness report.
 */
@Startup
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** What one round did. */
    record Round(int published, int failed, String error) {
        static final Round EMPTY = new Round(0, 0, null);
    }

    private final OutboxStore store;
    private final OutboxProducer producer;
    private final StatusApiConfig.Outbox config;
    private final Heartbeat heartbeat;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Counter published;
    private final Counter failedAttempts;
    private volatile OutboxStore.Backlog backlog = OutboxStore.Backlog.EMPTY;
    private volatile String lastError;

    @Inject
    public OutboxRelay(
            OutboxStore store,
            StatusApiConfig config,
            MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this(
                store,
                config.outbox(),
                registry,
                new OutboxProducer(
                        producerConfig(kafkaConfig, config.outbox()),
                        config.outbox().sendTimeout()));
    }

    /** A relay with a producer of its own: what another replica runs (tests start a few). */
    OutboxRelay(OutboxStore store, StatusApiConfig.Outbox config, MeterRegistry registry, OutboxProducer producer) {
        this.store = store;
        this.config = config;
        this.heartbeat = new Heartbeat("outbox relay", config.stallAfter());
        this.producer = producer;
        Gauge.builder("tillbridge.status.outbox.pending", this, relay -> relay.backlog.pending())
                .description("Records in the outbox not yet acknowledged by the broker")
                .register(registry);
        Gauge.builder(
                        "tillbridge.status.outbox.oldest.age",
                        this,
                        relay -> relay.oldestAge().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("Age of the oldest record waiting in the outbox (0 when none)")
                .register(registry);
        this.published = Counter.builder("tillbridge.status.outbox.published")
                .description("Outbox records acknowledged by the broker")
                .register(registry);
        this.failedAttempts = Counter.builder("tillbridge.status.outbox.failed")
                .description("Outbox records the broker did not acknowledge in a round (retried)")
                .register(registry);
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, StatusApiConfig.Outbox config) {
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        config.bootstrapServers()
                .ifPresent(servers -> producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        return producerConfig;
    }

    @Scheduled(
            every = "${tillbridge.status.outbox.relay-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        wake();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.RecordWritten written) {
        wake();
    }

    /** Runs the relay soon on its own thread; wake-ups that arrive while one is queued are the same run. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.execute(() -> {
                wakeQueued.set(false);
                drain();
            });
        }
    }

    /** Publishes until the outbox is empty, another replica holds what is left, or the broker fails a round. */
    void drain() {
        try {
            Optional<Exception> unreachable = producer.unreachable(Topics.INTEGRATIONS);
            if (unreachable.isPresent()) {
                lastError = describe(unreachable.get());
                LOG.warnf("Outbox: the broker cannot be reached, records wait in the outbox: %s", lastError);
                return;
            }
            Round round;
            do {
                round = QuarkusTransaction.requiringNew()
                        .timeout(transactionTimeoutSeconds())
                        .call(this::round);
                if (round.failed() > 0) {
                    lastError = round.error();
                    LOG.warnf(
                            "Outbox: %d record(s) not acknowledged by the broker, kept for the next round: %s",
                            round.failed(), round.error());
                } else if (round.published() > 0 && lastError != null) {
                    LOG.infof("Outbox: publishing again after a failure (%s)", lastError);
                    lastError = null;
                }
            } while (round.published() > 0 && round.failed() == 0 && !thread.isShutdown());
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.warnf("Outbox relay round failed, will retry: %s", e.getMessage());
        } finally {
            refreshBacklog();
            heartbeat.beat();
        }
    }

    private Round round() {
        List<OutboxRecord> heads = store.lockHeads(config.batchSize());
        if (heads.isEmpty()) {
            return Round.EMPTY;
        }
        Map<Long, Exception> failures = producer.send(heads);
        List<Long> acknowledged = heads.stream()
                .map(OutboxRecord::id)
                .filter(id -> !failures.containsKey(id))
                .toList();
        store.delete(acknowledged);
        published.increment(acknowledged.size());
        if (failures.isEmpty()) {
            return new Round(acknowledged.size(), 0, null);
        }
        String error = describe(failures.values().iterator().next());
        store.recordFailure(failures.keySet(), error);
        failedAttempts.increment(failures.size());
        return new Round(acknowledged.size(), failures.size(), error);
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void refreshBacklog() {
        try {
            backlog = QuarkusTransaction.requiringNew().call(store::backlog);
        } catch (RuntimeException e) {
            LOG.debugf("Outbox backlog not measured: %s", e.getMessage());
        }
    }

    /** Generous: the round waits at most about twice the send timeout (metadata, then acknowledgements). */
    private int transactionTimeoutSeconds() {
        return (int) config.sendTimeout().multipliedBy(2).plusSeconds(30).toSeconds();
    }

    /** The backlog measured after the last run. */
    public OutboxStore.Backlog backlog() {
        return backlog;
    }

    /** How long the oldest waiting record has waited, now (zero when none waits). */
    public Duration oldestAge() {
        Instant oldest = backlog.oldestCreatedAt();
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
        return age.isNegative() ? Duration.ZERO : age;
    }

    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** The last broker or database error of a round, until a round publishes again; null when none. */
    public String lastError() {
        return lastError;
    }

    @PreDestroy
    void stop() {
        thread.shutdown();
        try {
            thread.awaitTermination(config.sendTimeout().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
