package dev.tillbridge.poller;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.MagentoEndpoint;
import dev.tillbridge.magento.MagentoTransport;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The poller's test fixture: plays the control plane and Magento around a {@code @QuarkusTest} of the poller. It
 * runs the Magento simulator of the test class (stores with {@link #store}), publishes integrations on the test
 * application's broker (sealed with its key) for the application's scheduler, builds integrations and cycle runners
 * for a test that runs its own cycles, and reads the poller's records back.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PollerTestSupport poller = new PollerTestSupport();
 * </pre>
 *
 * The static helpers need no running application; plain unit tests use them too.
 */
public final class PollerTestSupport implements BeforeAllCallback, AfterAllCallback {

    private final SimulatorExtension simulator = new SimulatorExtension();
    private String bootstrapServers;
    private KafkaTestClient kafka;
    private TestIntegrations integrations;
    private CredentialSealer sealer;

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        simulator.afterAll(context);
    }

    /** Opened at first use, inside the running test application: its broker and its credentials key. */
    private synchronized void open() {
        if (kafka != null) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        String credentialsKey = config.getValue("tillbridge.credentials.key", String.class);
        bootstrapServers = config.getValue("kafka.bootstrap.servers", String.class);
        kafka = new KafkaTestClient(bootstrapServers);
        integrations = new TestIntegrations(kafka, credentialsKey);
        sealer = CredentialSealer.fromBase64Key(credentialsKey);
    }

    public String bootstrapServers() {
        open();
        return bootstrapServers;
    }

    /** A client of the test application's broker, open until the test class ends. */
    public KafkaTestClient kafka() {
        open();
        return kafka;
    }

    /** A store of the simulator that takes {@code token}, under a fresh tenant name starting with {@code prefix}. */
    public SimulatedStore store(String prefix, String token) {
        return simulator.createStore(
                StoreSpec.tenant(prefix + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(token));
    }

    /** A new integration of the store (fresh id and account), published: the application polls it every interval. */
    public IntegrationConfigured publish(
            SimulatedStore store, String token, DownloadMode mode, int syncIntervalSeconds) {
        return publish(store.magentoBaseUrl(), token, mode, syncIntervalSeconds);
    }

    /** As above, for a Magento base URL that is not the simulator's. */
    public IntegrationConfigured publish(
            String magentoBaseUrl, String token, DownloadMode mode, int syncIntervalSeconds) {
        open();
        return integrations.publish(magentoBaseUrl, token, mode, syncIntervalSeconds);
    }

    /** The integration at {@code revision}, enabled, reaching Magento through {@code magento}; published. */
    public IntegrationConfigured publishRevision(
            IntegrationConfigured integration, IntegrationConfigured.MagentoConnection magento, long revision) {
        IntegrationConfigured next = new IntegrationConfigured(
                integration.integrationId(),
                integration.accountId(),
                integration.name(),
                integration.posName(),
                magento,
                integration.storeIds(),
                integration.downloadMode(),
                integration.syncIntervalSeconds(),
                integration.startDate(),
                integration.notificationEmails(),
                integration.alertIntervalMinutes(),
                true,
                revision);
        open();
        integrations.publish(next);
        return next;
    }

    /** The integration at its next revision, disabled. */
    public void disable(IntegrationConfigured integration) {
        open();
        integrations.disable(integration);
    }

    /** The store's Magento credentials for {@code integrationId}, sealed with the application's key. */
    public String seal(String integrationId, String token) {
        open();
        return sealer.seal(integrationId, new MagentoCredentials.Bearer(token));
    }

    /**
     * An integration of the store that is never published, so the application's scheduler does not poll it: the test
     * runs its cycles. Its credentials are sealed with the application's key ({@code MagentoClients} opens them).
     */
    public IntegrationConfigured unpublished(
            String idPrefix, SimulatedStore store, String token, int syncIntervalSeconds) {
        String id = idPrefix + UUID.randomUUID().toString().substring(0, 8);
        return integration(id, store.magentoBaseUrl(), seal(id, token), syncIntervalSeconds);
    }

    /** As above, with credentials nobody opens: the test reaches the store with {@link #client}. */
    public static IntegrationConfigured unpublished(String idPrefix, SimulatedStore store, int syncIntervalSeconds) {
        return integration(
                idPrefix + UUID.randomUUID().toString().substring(0, 8),
                store.magentoBaseUrl(),
                "v1:unused",
                syncIntervalSeconds);
    }

    /** An enabled integration at revision 1; the poller reads its id, account, Magento connection and interval. */
    public static IntegrationConfigured integration(
            String id, String magentoBaseUrl, String sealedCredentials, int syncIntervalSeconds) {
        return new IntegrationConfigured(
                id,
                "acc-" + id,
                "Test store " + id,
                "Test POS",
                new IntegrationConfigured.MagentoConnection(magentoBaseUrl, "default", sealedCredentials),
                List.of(),
                DownloadMode.AUTO_INVOICE,
                syncIntervalSeconds,
                null,
                List.of(),
                null,
                true,
                1);
    }

    /** A Magento client of the store with its token, on loopback (the outbound guard allows it). */
    public static MagentoClient client(SimulatedStore store, String token) {
        var settings = MagentoClientSettings.defaults();
        return new MagentoClient(
                MagentoTransport.open(settings, OutboundGuard.allowing("127.0.0.0/8")),
                new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                new MagentoCredentials.Bearer(token),
                settings,
                Clock.systemUTC());
    }

    /** A cycle runner with the application's settings, sending through {@code publisher}. */
    public static SyncCycleRunner runner(
            SyncStateRepository repository, OrderPublisher publisher, PollerConfig config) {
        return runner(
                repository, publisher, config, Clock.systemUTC(), config.sweep().interval());
    }

    /** As above, on {@code clock} and sweeping every {@code sweepInterval}. */
    public static SyncCycleRunner runner(
            SyncStateRepository repository,
            OrderPublisher publisher,
            PollerConfig config,
            Clock clock,
            Duration sweepInterval) {
        return new SyncCycleRunner(
                repository,
                publisher,
                clock,
                config.overlap(),
                config.pageSize(),
                config.maxBackoff(),
                sweepInterval,
                config.sweep().span(),
                OpenTelemetry.noop().getTracer(SyncCycleRunner.ORIGIN));
    }

    /** The integration's records: keyed by its id, or by its id and an order or alert. */
    public static Predicate<ConsumerRecord<String, String>> of(String integrationId) {
        return r -> r.key() != null && (r.key().equals(integrationId) || r.key().startsWith(integrationId + ":"));
    }

    public static Predicate<ConsumerRecord<String, String>> of(IntegrationConfigured integration) {
        return of(integration.integrationId());
    }

    public static <T extends EventPayload> T payload(ConsumerRecord<String, String> record, Class<T> type) {
        return EventJson.decode(record.value(), type).payload();
    }
}
