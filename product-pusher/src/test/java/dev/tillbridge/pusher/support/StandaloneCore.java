package dev.tillbridge.pusher.support;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.magento.RetryPolicy;
import dev.tillbridge.pusher.messaging.PusherRuntime;
import dev.tillbridge.pusher.service.MagentoConnector;
import dev.tillbridge.pusher.service.ProductPusher;
import dev.tillbridge.pusher.service.PushSettings;
import dev.tillbridge.pusher.service.PusherEvents;
import dev.tillbridge.pusher.service.RecordAcks;
import dev.tillbridge.pusher.service.RunRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The pusher's core wired outside Quarkus as {@link PusherRuntime} wires it inside, for one integration: Magento
 * clients without their own retries (the pusher retries) that connect to the loopback simulator only.
 */
public final class StandaloneCore {

    private StandaloneCore() {}

    public static ProductPusher pusher(
            PushSettings settings,
            IntegrationConfigured integration,
            String credentialsKey,
            RunRepository runs,
            PusherEvents events,
            IncomingEvents incoming,
            RecordAcks acks,
            MeterRegistry registry) {
        return new ProductPusher(
                settings,
                id -> id.equals(integration.integrationId()) ? Optional.of(integration) : Optional.empty(),
                loopbackConnector(credentialsKey),
                runs,
                events,
                incoming,
                acks,
                registry,
                Clock.systemUTC());
    }

    static MagentoConnector loopbackConnector(String credentialsKey) {
        MagentoClients clients = new MagentoClients(
                Optional.of(credentialsKey),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                1,
                OutboundGuard.allowing("127.0.0.0/8"));
        MagentoClientSettings noRetries = new MagentoClientSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.NONE, RetryPolicy.NONE);
        return config -> clients.forIntegration(config, noRetries);
    }
}
