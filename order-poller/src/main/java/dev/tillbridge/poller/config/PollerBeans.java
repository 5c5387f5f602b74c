package dev.tillbridge.poller.config;

import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.poller.messaging.KafkaOrderPublisher;
import dev.tillbridge.poller.metrics.PollerMetrics;
import dev.tillbridge.poller.resync.ResyncRepository;
import dev.tillbridge.poller.resync.ResyncRunner;
import dev.tillbridge.poller.service.PollSchedule;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;

/** Wires the plain-Java cycle (which also runs outside Quarkus in the crash tests) into the application. */
@Singleton
public class PollerBeans {

    @Produces
    @Singleton
    SyncStateRepository repository(DataSource dataSource) {
        return new SyncStateRepository(dataSource);
    }

    @Produces
    @Singleton
    PollSchedule schedule(DataSource dataSource) {
        return new PollSchedule(dataSource);
    }

    @Produces
    @Singleton
    KafkaOrderPublisher publisher(@Identifier(KafkaClientSettings.DEFAULT_KAFKA_BROKER) Map<String, Object> kafka) {
        // the whole kafka.* configuration, so the producer talks to the broker the way the channels do (SASL_SSL in
        // Kubernetes)
        return new KafkaOrderPublisher(kafka, Map.of());
    }

    void closePublisher(@Disposes KafkaOrderPublisher publisher) {
        publisher.close();
    }

    @Produces
    @Singleton
    ResyncRepository resyncs(DataSource dataSource) {
        return new ResyncRepository(dataSource);
    }

    @Produces
    @Singleton
    ResyncRunner resyncRunner(
            ResyncRepository resyncs,
            SyncStateRepository repository,
            KafkaOrderPublisher publisher,
            Clock clock,
            PollerConfig config) {
        if (config.resync().pagesPerTick() < 1) {
            throw new IllegalArgumentException("tillbridge.poller.resync.pages-per-tick must be 1 or more, was "
                    + config.resync().pagesPerTick());
        }
        return new ResyncRunner(
                resyncs,
                repository,
                publisher,
                clock,
                config.pageSize(),
                config.resync().pagesPerTick());
    }

    @Produces
    @Singleton
    SyncCycleRunner runner(
            SyncStateRepository repository,
            KafkaOrderPublisher publisher,
            Clock clock,
            PollerConfig config,
            Tracer tracer,
            PollerMetrics metrics) {
        if (config.pageSize() < 1 || config.pageSize() > 300) {
            throw new IllegalArgumentException(
                    "tillbridge.poller.page-size must be between 1 and 300 (Magento's maximum), was "
                            + config.pageSize());
        }
        if (config.sweep().span().compareTo(config.overlap()) <= 0) {
            throw new IllegalArgumentException(
                    "tillbridge.poller.sweep.span must be longer than tillbridge.poller.overlap, was "
                            + config.sweep().span());
        }
        return new SyncCycleRunner(
                repository,
                metrics.observing(publisher),
                clock,
                config.overlap(),
                config.pageSize(),
                config.maxBackoff(),
                config.sweep().interval(),
                config.sweep().span(),
                tracer);
    }
}
