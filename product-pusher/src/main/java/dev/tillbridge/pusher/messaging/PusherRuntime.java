package dev.tillbridge.pusher.messaging;

import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.pusher.config.DirectoryIntegrations;
import dev.tillbridge.pusher.config.PusherConfig;
import dev.tillbridge.pusher.service.MagentoConnector;
import dev.tillbridge.pusher.service.ProductPusher;
import dev.tillbridge.pusher.service.RunRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * Starts the pusher and its product-updates consumer with the application and stops them in order at
 * shutdown: the pusher first (no new sends; sends in flight end and are counted), then the consumer, whose
 * last commit then covers them.
 */
@Singleton
public class PusherRuntime {

    private final ProductPusher pusher;
    private final ProductUpdateConsumer consumer;
    private final KafkaPusherEvents events;

    public PusherRuntime(
            PusherConfig config,
            DirectoryIntegrations integrations,
            MagentoConnector connector,
            RunRepository runs,
            IncomingEvents incoming,
            MeterRegistry registry,
            Clock clock,
            @Identifier(KafkaClientSettings.DEFAULT_KAFKA_BROKER) Map<String, Object> kafka,
            Tracer tracer) {
        // the whole kafka.* configuration, so both clients talk to the broker the way the channels do (SASL_SSL in
        // Kubernetes)
        this.events = new KafkaPusherEvents(kafka, Map.of());
        OffsetTracker offsets = new OffsetTracker();
        this.consumer = ProductUpdateConsumer.forProductUpdates(kafka, config.groupId(), config.maxBuffered(), offsets);
        this.pusher = new ProductPusher(
                config.settings(),
                integrations,
                connector,
                runs,
                events,
                incoming,
                offsets::done,
                registry,
                clock,
                tracer);
    }

    void start(@Observes StartupEvent event) {
        pusher.start();
        consumer.start(pusher);
    }

    void stop(@Observes ShutdownEvent event) {
        pusher.close();
        consumer.close();
        events.close();
    }

    public boolean alive() {
        return pusher.alive() && consumer.alive();
    }

    public ProductPusher pusher() {
        return pusher;
    }
}
