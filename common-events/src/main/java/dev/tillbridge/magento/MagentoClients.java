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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the {@link MagentoClient} of an integration: opens its sealed credentials with the configured key
 * and shares one HTTP connection pool across all integrations of the service. Every connection goes through
 * the service's {@link OutboundGuard}.
 */
@Singleton
public class MagentoClients {

    /** More integrations than one process serves; past it the clients are made afresh. */
    private static final int MAX_REMEMBERED_CLIENTS = 50_000;

    private final Optional<CredentialSealer> sealer;
    private final MagentoClientSettings settings;
    private final MagentoTransport transport;
    private final Clock clock;
    private final Map<String, Remembered> clients = new ConcurrentHashMap<>();

    private record Remembered(IntegrationConfigured integration, MagentoClient client) {}

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

    /**
     * The client of the integration as configured now. Made once per configuration and kept: a poller runs every
     * integration's cycle every interval, and opening its credentials and reading its base URL each time was a
     * measurable share of an idle cycle. A changed configuration (new credentials, URL, store code) makes a new one.
     */
    public MagentoClient forIntegration(IntegrationConfigured integration) {
        Remembered remembered = clients.get(integration.integrationId());
        if (remembered != null
                && (remembered.integration() == integration
                        || remembered.integration().equals(integration))) {
            return remembered.client();
        }
        MagentoClient client = forIntegration(integration, settings);
        if (clients.size() >= MAX_REMEMBERED_CLIENTS) {
            clients.clear();
        }
        clients.put(integration.integrationId(), new Remembered(integration, client));
        return client;
    }

    /**
     * Drops the client kept for a deleted integration, and with it its opened credentials: they stay in memory only
     * while the integration exists. The service's directory calls this on the integration's tombstone.
     */
    public void forget(String integrationId) {
        clients.remove(integrationId);
    }

    /** Whether a client (and so opened credentials) is kept for the integration. */
    public boolean keepsClientOf(String integrationId) {
        return clients.containsKey(integrationId);
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
