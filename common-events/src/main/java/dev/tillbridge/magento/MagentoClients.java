package dev.tillbridge.magento;

import dev.tillbridge.events.IntegrationConfigured;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the {@link MagentoClient} of an integration: opens its sealed credentials with the configured key
 * and shares one HTTP connection pool across all integrations of the service. Every connection goes through
 * the service's {@link OutboundGuard}.
 */
@Singleton
public class MagentoClients {

    private final Optional<CredentialSealer> sealer;
    private final MagentoClientSettings settings;
    private final MagentoTransport transport;
    private final Clock clock;

    @Inject
    public MagentoClients(
            @ConfigProperty(name = "tillbridge.credentials.key") Optional<String> key,
            @ConfigProperty(name = "tillbridge.magento.connect-timeout", defaultValue = "5s") Duration connectTimeout,
            @ConfigProperty(name = "tillbridge.magento.request-timeout", defaultValue = "30s") Duration requestTimeout,
            @ConfigProperty(name = "tillbridge.magento.max-attempts", defaultValue = "3") int maxAttempts,
            OutboundGuard guard,
            Instance<OpenTelemetry> telemetry,
            MeterRegistry registry) {
        // Services with quarkus-opentelemetry trace every Magento call; the others (no SDK) do not.
        this(
                key,
                connectTimeout,
                requestTimeout,
                maxAttempts,
                guard,
                telemetry.isResolvable() ? telemetry.get() : OpenTelemetry.noop(),
                new MagentoCallMetrics(registry));
    }

    /** Without traces or exported call metrics: tests and tools outside a service. */
    public MagentoClients(
            Optional<String> key,
            Duration connectTimeout,
            Duration requestTimeout,
            int maxAttempts,
            OutboundGuard guard) {
        this(
                key,
                connectTimeout,
                requestTimeout,
                maxAttempts,
                guard,
                OpenTelemetry.noop(),
                MagentoCallMetrics.unregistered());
    }

    /** With traces, calls not exported as metrics. */
    public MagentoClients(
            Optional<String> key,
            Duration connectTimeout,
            Duration requestTimeout,
            int maxAttempts,
            OutboundGuard guard,
            OpenTelemetry telemetry) {
        this(key, connectTimeout, requestTimeout, maxAttempts, guard, telemetry, MagentoCallMetrics.unregistered());
    }

    private MagentoClients(
            Optional<String> key,
            Duration connectTimeout,
            Duration requestTimeout,
            int maxAttempts,
            OutboundGuard guard,
            OpenTelemetry telemetry,
            MagentoCallMetrics metrics) {
        this.sealer = key.filter(k -> !k.isBlank()).map(CredentialSealer::fromBase64Key);
        RetryPolicy retry = new RetryPolicy(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5));
        this.settings = new MagentoClientSettings(connectTimeout, requestTimeout, retry, retry);
        this.transport = MagentoTransport.open(settings, guard, telemetry.getTracer(MagentoTransport.TRACER), metrics);
        this.clock = Clock.systemUTC();
    }

    public MagentoClient forIntegration(IntegrationConfigured integration) {
        return forIntegration(integration, settings);
    }

    public MagentoClient forIntegration(IntegrationConfigured integration, MagentoClientSettings custom) {
        CredentialSealer opener = sealer.orElseThrow(() ->
                new IllegalStateException("tillbridge.credentials.key is not set: cannot open Magento credentials"));
        MagentoCredentials credentials =
                opener.open(integration.integrationId(), integration.magento().sealedCredentials());
        MagentoEndpoint endpoint = new MagentoEndpoint(
                integration.magento().baseUrl(), integration.magento().storeCode());
        return new MagentoClient(transport, endpoint, credentials, custom, clock);
    }

    @PreDestroy
    void close() {
        transport.close();
    }

    public MagentoClientSettings settings() {
        return settings;
    }
}
