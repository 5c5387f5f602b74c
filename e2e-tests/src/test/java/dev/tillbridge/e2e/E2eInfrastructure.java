package dev.tillbridge.e2e;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.ConsumerGroups;
import dev.tillbridge.infra.LocalKafka;
import dev.tillbridge.infra.LocalPostgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real broker and PostgreSQL for the end-to-end tests, and the settings every service process gets:
 * a database of its own for this suite, consumer groups and Streams ids unique to this run (so a
 * long-lived broker's history is not replayed into them), and one credentials key.
 */
final class E2eInfrastructure {

    static final String DATABASE = "tillbridge_e2e";

    final String bootstrapServers;
    final LocalPostgres.Server postgres;
    final String credentialsKey;
    final String runId = UUID.randomUUID().toString().substring(0, 8);

    E2eInfrastructure() {
        bootstrapServers = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", LocalKafka.ensureRunning());
        LocalKafka.ensureTopics(bootstrapServers);
        postgres = LocalPostgres.ensureRunning();
        LocalPostgres.ensureDatabase(postgres, DATABASE);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        credentialsKey = Base64.getEncoder().encodeToString(key);
        // Fresh groups start at the end of the history a long-lived broker holds, positioned before any
        // process starts so no record published after that is skipped; restarts resume from commits.
        ConsumerGroups.startAtEnd(bootstrapServers, filterApplicationId(),
                List.of(Topics.RAW_ORDERS, Topics.INVOICE_FILTER_MISMATCH_FACTS));
        ConsumerGroups.startAtEnd(bootstrapServers, invoicerGroupId(), List.of(Topics.FILTERED_ORDERS));
    }

    private String filterApplicationId() {
        return "invoice-filter-decisions-e2e-" + runId;
    }

    private String invoicerGroupId() {
        return "invoice-filter-invoicer-e2e-" + runId;
    }

    static Path root() {
        String configured = System.getProperty("tillbridge.project.root");
        return configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
    }

    /** Settings of one service process, as the deployment would pass them. */
    Map<String, String> serviceSettings(String service) {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE));
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", postgres.password());
        p.put("tillbridge.credentials.key", credentialsKey);
        p.put("tillbridge.kafka.create-topics", "true");
        p.put("quarkus.log.console.json.enabled", "false");
        p.put("mp.messaging.incoming.integrations.group.id", service + "-e2e-" + runId);
        return p;
    }

    Map<String, String> pollerSettings() {
        Map<String, String> p = serviceSettings("order-poller");
        p.put("tillbridge.poller.tick", "200ms");
        p.put("tillbridge.poller.lease-duration", "10s");
        return p;
    }

    Map<String, String> filterSettings() {
        Map<String, String> p = serviceSettings("invoice-filter");
        p.put("quarkus.kafka-streams.application-id", filterApplicationId());
        p.put("kafka-streams.state.dir", Path.of("target", "streams-" + runId).toAbsolutePath().toString());
        p.put("mp.messaging.incoming.released-orders.group.id", invoicerGroupId());
        return p;
    }
}
