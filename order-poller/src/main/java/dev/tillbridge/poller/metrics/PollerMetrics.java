package dev.tillbridge.poller.metrics;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.poller.service.OrderPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The poller's domain metrics, kept apart from the cycle code so that the cycle can change without them.
 *
 * <ul>
 * <li>Per cycle, read off the {@code sync-cycles} end record the cycle publishes anyway ({@link #observing} wraps
 *     the publisher): {@code tillbridge_poller_cycles_total{outcome}}, {@code tillbridge_poller_cycle_duration_seconds}
 *     (a histogram) and {@code tillbridge_poller_orders_published_total}.</li>
 * <li>Across the fleet, read from PostgreSQL every {@code tillbridge.poller.metrics.refresh}: the enabled
 *     integrations ({@code tillbridge_poller_integrations_enabled}), how many have had no successful cycle for
 *     longer than {@code max(stalled-after, 3 × their sync interval)} ({@code tillbridge_poller_integrations_stalled}),
 *     and the maximum and 99th percentile over the integrations of the watermark's age
 *     ({@code tillbridge_poller_watermark_age_seconds{stat}}: Magento's newest {@code updated_at} seen; a quiet
 *     store's grows too) and of the time since the last successful cycle
 *     ({@code tillbridge_poller_last_success_age_seconds{stat}}).</li>
 * </ul>
 * No integration id labels: which integration is behind is the Status page's answer. The fleet values are the
 * shared database's, so every replica reports the same numbers; rules take {@code max} over replicas.
 */
@Singleton
public class PollerMetrics {

    private static final Logger LOG = Logger.getLogger(PollerMetrics.class);

    static final String FLEET_QUERY = """
            WITH fleet AS (
                SELECT EXTRACT(EPOCH FROM now() - s.watermark) AS watermark_age,
                       EXTRACT(EPOCH FROM now() - COALESCE(s.last_cycle_at, d.updated_at)) AS success_age,
                       GREATEST(?, 3 * COALESCE((d.config::jsonb ->> 'syncIntervalSeconds')::numeric, 0)) AS stalled_after
                  FROM integration_directory d
                  LEFT JOIN sync_state s ON s.integration_id = d.integration_id
                 WHERE d.enabled)
            SELECT count(*),
                   count(*) FILTER (WHERE success_age > stalled_after),
                   max(watermark_age),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY watermark_age),
                   max(success_age),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY success_age)
              FROM fleet
            """;

    private final DataSource dataSource;
    private final Duration stalledAfter;
    private final Map<SyncCycle.Outcome, Counter> cycles = new EnumMap<>(SyncCycle.Outcome.class);
    private final Timer cycleDuration;
    private final Counter ordersPublished;
    private volatile Fleet fleet = new Fleet(0, 0, 0, 0, 0, 0);

    /** What the fleet query found. Ages in seconds; 0 when no enabled integration has one. */
    record Fleet(
            long enabled,
            long stalled,
            double watermarkAgeMax,
            double watermarkAgeP99,
            double successAgeMax,
            double successAgeP99) {}

    public PollerMetrics(MeterRegistry registry, DataSource dataSource, PollerMetricsConfig config) {
        this.dataSource = dataSource;
        this.stalledAfter = config.stalledAfter();
        for (SyncCycle.Outcome outcome : SyncCycle.Outcome.values()) {
            cycles.put(
                    outcome,
                    Counter.builder("tillbridge.poller.cycles")
                            .tag("outcome", outcome.name())
                            .description("Sync cycles ended, by outcome")
                            .register(registry));
        }
        cycleDuration = Timer.builder("tillbridge.poller.cycle.duration")
                .description("Duration of sync cycles, start to end record")
                .serviceLevelObjectives(
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(5))
                .register(registry);
        ordersPublished = Counter.builder("tillbridge.poller.orders.published")
                .description("Order versions published to raw-orders by successful cycles")
                .register(registry);
        Gauge.builder("tillbridge.poller.integrations.enabled", this, m -> m.fleet.enabled())
                .description("Enabled integrations")
                .register(registry);
        Gauge.builder("tillbridge.poller.integrations.stalled", this, m -> m.fleet.stalled())
                .description(
                        "Enabled integrations without a successful cycle for longer than max(stalled-after, 3 sync intervals)")
                .register(registry);
        ages(
                registry,
                "tillbridge.poller.watermark.age",
                "Age of the sync watermark (Magento's newest updated_at seen)",
                m -> m.fleet.watermarkAgeMax(),
                m -> m.fleet.watermarkAgeP99());
        ages(
                registry,
                "tillbridge.poller.last.success.age",
                "Time since the last successful sync cycle",
                m -> m.fleet.successAgeMax(),
                m -> m.fleet.successAgeP99());
    }

    private void ages(
            MeterRegistry registry,
            String name,
            String description,
            ToDoubleFunction<PollerMetrics> max,
            ToDoubleFunction<PollerMetrics> p99) {
        Gauge.builder(name, this, max)
                .tag("stat", "max")
                .baseUnit("seconds")
                .description(description + ", over integrations")
                .register(registry);
        Gauge.builder(name, this, p99)
                .tag("stat", "p99")
                .baseUnit("seconds")
                .description(description + ", over integrations")
                .register(registry);
    }

    /** The publisher the cycle uses, counting each cycle's end record as it goes out. */
    public OrderPublisher observing(OrderPublisher publisher) {
        return (topic, key, envelope) -> {
            if (Topics.SYNC_CYCLES.equals(topic)) {
                observe(envelope);
            }
            return publisher.send(topic, key, envelope);
        };
    }

    void observe(EventEnvelope<?> envelope) {
        if (envelope.payload() instanceof SyncCycle cycle && cycle.phase() == SyncCycle.Phase.ENDED) {
            cycles.get(cycle.outcome()).increment();
            if (cycle.durationMs() != null) {
                cycleDuration.record(Duration.ofMillis(cycle.durationMs()));
            }
            if (cycle.outcome() == SyncCycle.Outcome.SUCCEEDED) {
                ordersPublished.increment(cycle.ordersPublished());
            }
        }
    }

    @Scheduled(
            every = "${tillbridge.poller.metrics.refresh:15s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            fleet = query();
        } catch (SQLException e) {
            // The last values stay; readiness already reports the database.
            LOG.debugf("Fleet metrics not refreshed: %s", e.getMessage());
        }
    }

    Fleet query() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(FLEET_QUERY)) {
            ps.setLong(1, stalledAfter.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Fleet(rs.getLong(1), rs.getLong(2), age(rs, 3), age(rs, 4), age(rs, 5), age(rs, 6));
            }
        }
    }

    private static double age(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? 0 : Math.max(0, value);
    }

    Fleet fleet() {
        return fleet;
    }
}
