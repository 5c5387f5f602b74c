package dev.tillbridge.e2e;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.ConsumerGroups;
import dev.tillbridge.infra.LocalKafka;
import dev.tillbridge.infra.LocalPostgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The real broker and PostgreSQL for the end-to-end tests, and the settings every service process gets:
 * a database of its own for this suite, consumer groups and Streams ids unique to this run (so a
 * long-lived broker's history is not replayed into them), and one credentials key.
 */
final class E2eInfrastructure {

    /** How often the notifier looks for due mail in these tests. */
    static final Duration NOTIFIER_TICK = Duration.ofSeconds(1);

    final String bootstrapServers;
    final LocalPostgres.Server postgres;
    final String credentialsKey;
    final String runId = UUID.randomUUID().toString().substring(0, 8);

    final String database;

    /**
     * On the shared broker, with a database of this run's own (dropped when the test JVM exits): the services
     * keep integrations and their sync state in PostgreSQL, and another run's integrations (sealed with another
     * key) would otherwise be polled, fail, and be put on back-off for both runs.
     */
    E2eInfrastructure() {
        this(Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).orElseGet(LocalKafka::ensureRunning), null);
    }

    /**
     * Against a broker of the caller's own (the chaos run restarts its broker), and the caller's database, or a
     * fresh one of this run's own when {@code database} is null.
     */
    E2eInfrastructure(String bootstrapServers, String database) {
        this(bootstrapServers, LocalPostgres.ensureRunning(), database);
    }

    /** Against a broker and a PostgreSQL server of the caller's own (the chaos run restarts both). */
    E2eInfrastructure(String bootstrapServers, LocalPostgres.Server postgres, String database) {
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
        if (database == null) {
            this.database = "tillbridge_e2e_" + runId;
            LocalPostgres.recreateDatabase(postgres, this.database);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalPostgres.dropDatabase(postgres, this.database)));
        } else {
            this.database = database;
            LocalPostgres.ensureDatabase(postgres, database);
        }
        LocalKafka.ensureTopics(bootstrapServers);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        credentialsKey = Base64.getEncoder().encodeToString(key);
        // Fresh groups start at the end of the history a long-lived broker holds, positioned before any
        // process starts so no record published after that is skipped; restarts resume from commits.
        ConsumerGroups.startAtEnd(
                bootstrapServers,
                filterApplicationId(),
                List.of(Topics.RAW_ORDERS, Topics.INVOICE_FILTER_MISMATCH_FACTS));
        ConsumerGroups.startAtEnd(bootstrapServers, invoicerGroupId(), List.of(Topics.FILTERED_ORDERS));
        // The poller polls only the integrations this run publishes: earlier test runs' integrations on a shared
        // broker are sealed with other keys and would each be alerted on as CREDENTIALS_UNREADABLE.
        ConsumerGroups.startAtEnd(bootstrapServers, "order-poller-e2e-" + runId, List.of(Topics.INTEGRATIONS));
        ConsumerGroups.startAtEnd(bootstrapServers, pollerRequestsGroupId(), List.of(Topics.SYNC_REQUESTS));
    }

    /** The poller's resync commands: earlier runs' commands name integrations this run never knew. */
    private String pollerRequestsGroupId() {
        return "order-poller-sync-requests-e2e-" + runId;
    }

    private String filterApplicationId() {
        return "invoice-filter-decisions-e2e-" + runId;
    }

    private String invoicerGroupId() {
        return "invoice-filter-invoicer-e2e-" + runId;
    }

    static Path root() {
        String configured = System.getProperty("tillbridge.project.root");
        return configured != null
                ? Path.of(configured)
                : Path.of("..").toAbsolutePath().normalize();
    }

    /** Settings of one service process, as the deployment would pass them. */
    Map<String, String> serviceSettings(String service) {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", postgres.password());
        p.put("tillbridge.credentials.key", credentialsKey);
        p.put("tillbridge.kafka.create-topics", "true");
        p.put("quarkus.log.console.json.enabled", "false");
        p.put("mp.messaging.incoming.integrations.group.id", service + "-e2e-" + runId);
        // The simulator listens on 127.0.0.1, refused by the outbound guard unless allow-listed; and no DNS
        // query may leave the machine during a test.
        p.put("tillbridge.magento.allow-list", "127.0.0.0/8,::1/128");
        p.put("tillbridge.magento.system-dns", "false");
        return p;
    }

    Map<String, String> pollerSettings() {
        Map<String, String> p = serviceSettings("order-poller");
        p.put("tillbridge.poller.tick", "200ms");
        p.put("tillbridge.poller.lease-duration", "10s");
        p.put("mp.messaging.incoming.sync-requests.group.id", pollerRequestsGroupId());
        return p;
    }

    private DemoTokens demoTokens;

    /** The run's token signer (one key pair per run, made on first use). */
    synchronized DemoTokens demoTokens() {
        if (demoTokens == null) {
            demoTokens = new DemoTokens(Path.of("target", "demo-keys-" + runId));
        }
        return demoTokens;
    }

    /** Account ids of this run start with this, so status-api raises its own alerts only for them. */
    String accountPrefix() {
        return "e2e-" + runId + "-";
    }

    /**
     * A production-profile setting the jar also carries as {@code %prod.name}: both are given, so the process
     * runs with the test's value whichever of the two the configuration lookup prefers.
     */
    private static void putOverProdProfile(Map<String, String> p, String name, String value) {
        p.put(name, value);
        p.put("%prod." + name, value);
    }

    /**
     * product-pusher with its own group of {@code product-updates} (positioned at the end now, so call once per
     * process; a restart reuses the same settings), one PUT per product, short waits after 401 and outages.
     */
    Map<String, String> pusherSettings() {
        Map<String, String> p = serviceSettings("product-pusher");
        String group = "product-pusher-updates-e2e-" + runId;
        ConsumerGroups.startAtEnd(bootstrapServers, group, List.of(Topics.PRODUCT_UPDATES));
        p.put("tillbridge.pusher.group-id", group);
        p.put("tillbridge.pusher.send-mode", "PUT");
        p.put("tillbridge.pusher.auth-retry", "2s");
        p.put("tillbridge.pusher.backoff.max", "5s");
        return p;
    }

    /**
     * The notifier mailing a real SMTP server on {@code smtpPort} (plain SMTP, no STARTTLS), with its own group
     * of {@code integration-alerts} positioned at the end (call once per process), and a repeat interval of
     * {@code interval} for accounts whose integrations set none.
     */
    Map<String, String> notifierSettings(int smtpPort, Duration interval) {
        Map<String, String> p = serviceSettings("notifier");
        String group = "notifier-alerts-e2e-" + runId;
        ConsumerGroups.startAtEnd(bootstrapServers, group, List.of(Topics.INTEGRATION_ALERTS));
        p.put("mp.messaging.incoming.integration-alerts.group.id", group);
        p.put("tillbridge.notifier.interval", interval.toString());
        p.put("tillbridge.notifier.gather", "PT1S");
        p.put("tillbridge.notifier.tick", NOTIFIER_TICK.toSeconds() + "s");
        p.put("tillbridge.notifier.settings-url", "https://app.tillbridge.test/settings");
        p.put("quarkus.mailer.host", "127.0.0.1");
        p.put("quarkus.mailer.port", Integer.toString(smtpPort));
        p.put("quarkus.mailer.mock", "false");
        p.put("quarkus.mailer.tls", "false");
        putOverProdProfile(p, "quarkus.mailer.start-tls", "DISABLED");
        return p;
    }

    /**
     * status-api as deployed (no dev token endpoint; it trusts the run's own key, {@link #demoTokens()}), every read-model channel in a group of its own
     * positioned at the end of its topic (call once per process), and its own alerts evaluated every second for
     * this run's accounts only.
     */
    Map<String, String> statusApiSettings() {
        Map<String, String> p = serviceSettings("status-api");
        Map<String, String> channels = Map.of(
                "status-filtered-orders", Topics.FILTERED_ORDERS,
                "status-skipped-orders", Topics.SKIPPED_ORDERS,
                "status-sync-cycles", Topics.SYNC_CYCLES,
                "status-product-progress", Topics.PRODUCT_PROGRESS,
                "status-integration-logs", Topics.INTEGRATION_LOGS,
                "status-integration-alerts", Topics.INTEGRATION_ALERTS,
                "status-notifications", Topics.NOTIFICATIONS,
                "status-raw-orders", Topics.RAW_ORDERS);
        channels.forEach((channel, topic) -> {
            String group = "status-api." + topic + "-e2e-" + runId;
            ConsumerGroups.startAtEnd(bootstrapServers, group, List.of(topic));
            p.put("mp.messaging.incoming." + channel + ".group.id", group);
        });
        p.put("mp.jwt.verify.publickey.location", demoTokens().publicKeyLocation());
        p.put("tillbridge.status.alerts.accounts", Pattern.quote(accountPrefix()) + ".*");
        p.put("tillbridge.status.alerts.evaluate-every", "1s");
        p.put("tillbridge.status.alerts.horizon", "PT10M");
        return p;
    }

    Map<String, String> filterSettings() {
        Map<String, String> p = serviceSettings("invoice-filter");
        p.put("quarkus.kafka-streams.application-id", filterApplicationId());
        p.put(
                "kafka-streams.state.dir",
                Path.of("target", "streams-" + runId).toAbsolutePath().toString());
        p.put("mp.messaging.incoming.invoice-requests.group.id", invoicerGroupId());
        return p;
    }
}
