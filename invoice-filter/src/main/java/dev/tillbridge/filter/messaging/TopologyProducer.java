package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.DeadLetters;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.filter.config.RetentionClock;
import dev.tillbridge.filter.service.MismatchWatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Hands the topology to Quarkus' Kafka Streams extension, which runs it with exactly_once_v2. Quarkus asks for
 * the topology before it creates the Streams client, which makes this the place to wipe stale stores first
 * ({@link StateDirectoryCheck}).
 */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);
    private static final Duration STATE_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final FilterConfig config;
    private final Clock clock;
    private final Counter malformed;
    private final Counter deadLettered;
    private final Counter wipedStores;
    private final Map<String, Object> kafka;
    private final StateRetention retention;
    private final OpenTelemetry telemetry;

    public TopologyProducer(
            FilterConfig config,
            Clock clock,
            MeterRegistry registry,
            @Identifier(KafkaClientSettings.DEFAULT_KAFKA_BROKER) Map<String, Object> kafka,
            RetentionClock retentionClock,
            StateMetrics stateMetrics,
            OpenTelemetry telemetry) {
        this.telemetry = telemetry;
        this.config = config;
        this.clock = clock;
        this.kafka = kafka;
        var r = config.retention();
        this.retention = new StateRetention(
                retentionClock.clock(), r.orders(), r.parked(), r.sweepInterval(), r.batchSize(), stateMetrics);
        this.malformed = Counter.builder("tillbridge.events.malformed")
                .tag("topic", Topics.RAW_ORDERS)
                .description("Records that could not be read as events and went to the dead-letter topic")
                .register(registry);
        this.deadLettered = DeadLetters.counter(registry, Topics.RAW_ORDERS);
        this.wipedStores = Counter.builder("tillbridge.filter.state.stores.wiped")
                .description(
                        "Local state store folders wiped at start because their checkpoint was outside their topic")
                .register(registry);
    }

    @Produces
    Topology topology(
            @ConfigProperty(name = "kafka-streams.state.dir") String stateDir,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId) {
        wipeStaleStores(Path.of(stateDir, applicationId));
        var thresholds = new MismatchWatch.Thresholds(
                config.mismatch().alreadyInvoicedCount(), config.mismatch().window());
        Runnable onMalformed = () -> {
            malformed.increment();
            deadLettered.increment();
        };
        return DownloadModeTopology.build(
                clock,
                thresholds,
                config.mismatch().checkInterval(),
                onMalformed,
                retention,
                telemetry.getTracer(DownloadModeTopology.TRACER));
    }

    private void wipeStaleStores(Path applicationDir) {
        try (Admin admin = Admin.create(adminSettings(kafka))) {
            List<Path> wiped = StateDirectoryCheck.wipeStale(applicationDir, admin, STATE_CHECK_TIMEOUT);
            wipedStores.increment(wiped.size());
        } catch (RuntimeException e) {
            // The broker is not there yet: Streams waits for it too, and health shows the stream's state.
            LOG.warnf(
                    "Could not check the local state folder %s against the broker: %s", applicationDir, e.getMessage());
        }
    }

    /**
     * The whole kafka.* configuration: broker address and, in Kubernetes, the SASL_SSL settings (the Deployment gives
     * the Streams client the same values through quarkus.kafka-streams.*).
     */
    static Map<String, Object> adminSettings(Map<String, ?> kafka) {
        Map<String, Object> admin = KafkaClientSettings.admin(kafka);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) STATE_CHECK_TIMEOUT.toMillis());
        return admin;
    }
}
