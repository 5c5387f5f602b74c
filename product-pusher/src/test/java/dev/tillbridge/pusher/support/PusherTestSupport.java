package dev.tillbridge.pusher.support;

import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegration;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the control plane and the POS around product-pusher: publishes integrations and product runs to the
 * real broker, and reads progress, log lines and alerts back as status-api would.
 */
public final class PusherTestSupport implements AutoCloseable {

    public static final String TOKEN = "pusher-test-token";
    private static final Duration DIRECTORY_WAIT = Duration.ofSeconds(120);

    private final KafkaTestClient kafka;
    private final CredentialSealer sealer;
    private final KafkaProducer<String, String> producer;

    public PusherTestSupport(String bootstrapServers, String credentialsKey) {
        this.kafka = new KafkaTestClient(bootstrapServers);
        this.sealer = CredentialSealer.fromBase64Key(credentialsKey);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** A fresh integration of {@code store} (not yet published). */
    public IntegrationConfigured integration(SimulatedStore store) {
        String id = "pp-" + UUID.randomUUID().toString().substring(0, 8);
        return TestIntegration.of(id, "acc-" + id)
                .name("Pusher test store")
                .posName("Test POS")
                .baseUrl(store.magentoBaseUrl())
                .sealedCredentials(sealer.seal(id, new MagentoCredentials.Bearer(TOKEN)))
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .configured();
    }

    public void publish(IntegrationConfigured config) {
        kafka.sendEvent(
                Topics.INTEGRATIONS,
                config.integrationId(),
                EventEnvelope.of(config.accountId(), config.integrationId(), config, Clock.systemUTC()));
    }

    /** Product {@code position} of a run: SKU, name and price as the POS would send them. */
    public static ProductUpdate product(
            IntegrationConfigured integration,
            String runId,
            int position,
            int total,
            String sku,
            String name,
            BigDecimal price) {
        return new ProductUpdate(
                integration.integrationId(),
                runId,
                position,
                total,
                sku,
                name,
                price,
                null,
                BigDecimal.valueOf(position % 50),
                position % 50 > 0,
                ProductUpdate.ProductStatus.ENABLED,
                null,
                Map.of("color", "blue"));
    }

    /**
     * A run of {@code count} products {@code skuPrefix}1 to {@code skuPrefix}count, in position order, with the
     * name and price each position is given.
     */
    public static List<ProductUpdate> catalog(
            IntegrationConfigured integration,
            String runId,
            int count,
            String skuPrefix,
            IntFunction<String> name,
            IntFunction<BigDecimal> price) {
        List<ProductUpdate> run = new ArrayList<>();
        for (int position = 1; position <= count; position++) {
            run.add(product(
                    integration,
                    runId,
                    position,
                    count,
                    skuPrefix + position,
                    name.apply(position),
                    price.apply(position)));
        }
        return run;
    }

    /**
     * A store of the simulator that takes the test token, under a fresh tenant name, with {@code products}
     * products {@code skuPrefix}1 to {@code skuPrefix}products already in its catalog.
     */
    public static SimulatedStore store(MagentoSimulator simulator, String tenant, int products, String skuPrefix) {
        SimulatedStore store = simulator.createStore(
                StoreSpec.tenant(tenant + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
        if (products > 0) {
            store.seedProducts(products, skuPrefix);
        }
        return store;
    }

    /** A fresh integration of {@code store}, published and known to the service's directory. */
    public IntegrationConfigured knownIntegration(SimulatedStore store, IntegrationDirectory directory) {
        IntegrationConfigured integration = integration(store);
        publish(integration);
        // A fresh test app reads the whole integrations topic first; on a long-lived broker that takes a while.
        await().atMost(DIRECTORY_WAIT)
                .until(() -> directory.find(integration.integrationId()).isPresent());
        return integration;
    }

    /** Publishes a run in position order, as a POS does, and waits for the broker to have all of it. */
    public void publishRun(IntegrationConfigured integration, List<ProductUpdate> run) {
        List<Future<?>> sends = new ArrayList<>();
        for (ProductUpdate update : run) {
            String json = EventJson.encode(
                    EventEnvelope.of(integration.accountId(), integration.integrationId(), update, Clock.systemUTC()));
            sends.add(producer.send(new ProducerRecord<>(
                    Topics.PRODUCT_UPDATES, Topics.productKey(integration.integrationId(), update.sku()), json)));
        }
        producer.flush();
        for (var send : sends) {
            try {
                send.get();
            } catch (Exception e) {
                throw new IllegalStateException("Product update not published: " + e.getMessage(), e);
            }
        }
    }

    public void publishRaw(String key, String value) {
        kafka.send(Topics.PRODUCT_UPDATES, key, value);
    }

    /** Reads product-progress until a record of the integration matches {@code done}; returns all seen. */
    public List<ProductProgress> progressUntil(
            String integrationId, Predicate<ProductProgress> done, Duration timeout) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil(
                Topics.PRODUCT_PROGRESS,
                r -> integrationId.equals(r.key()),
                found -> found.stream()
                        .map(r -> payload(r, ProductProgress.class))
                        .anyMatch(done),
                timeout);
        return records.stream().map(r -> payload(r, ProductProgress.class)).toList();
    }

    public List<ProductProgress> progressUntilEnded(String integrationId, String runId, Duration timeout) {
        return progressUntil(integrationId, p -> p.runId().equals(runId) && p.state() != RunState.RUNNING, timeout);
    }

    public List<LogEntry> logs(String integrationId, Predicate<List<LogEntry>> done, Duration timeout) {
        return kafka
                .readUntil(
                        Topics.INTEGRATION_LOGS,
                        r -> integrationId.equals(r.key()),
                        found -> done.test(found.stream()
                                .map(r -> payload(r, LogEntry.class))
                                .toList()),
                        timeout)
                .stream()
                .map(r -> payload(r, LogEntry.class))
                .toList();
    }

    public List<AlertChanged> alerts(String integrationId, Predicate<List<AlertChanged>> done, Duration timeout) {
        return kafka
                .readUntil(
                        Topics.INTEGRATION_ALERTS,
                        r -> r.key() != null && r.key().startsWith(integrationId + ":"),
                        found -> done.test(found.stream()
                                .map(r -> payload(r, AlertChanged.class))
                                .toList()),
                        timeout)
                .stream()
                .map(r -> payload(r, AlertChanged.class))
                .toList();
    }

    public List<ConsumerRecord<String, String>> deadLetters(
            Predicate<ConsumerRecord<String, String>> matching, int atLeast, Duration timeout) {
        return kafka.readUntil(
                Topics.deadLetter(Topics.PRODUCT_UPDATES), matching, found -> found.size() >= atLeast, timeout);
    }

    public static <T extends EventPayload> T payload(ConsumerRecord<String, String> record, Class<T> type) {
        return EventJson.decode(record.value(), type).payload();
    }

    public static String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        kafka.close();
    }
}
