package dev.tillbridge.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one test resource of every service: a real Kafka broker and a real PostgreSQL.
 *
 * <p>In order of preference: what the environment names ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code TILLBRIDGE_TEST_JDBC_URL} with {@code _USERNAME}/{@code _PASSWORD}); else Testcontainers when a
 * Docker engine answers; else the project's own broker ({@code bin/kafka}) and the local or embedded
 * PostgreSQL. It creates every topic and the test database, and hands the service a run id that tests
 * use for unique consumer groups.
 */
public class TillbridgeTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(TillbridgeTestResource.class);
    /**
     * The test database of this checkout: {@code tillbridge_test_<hash of the repository's path>}, so two
     * checkouts testing at once on one PostgreSQL server (a CI clone beside a working copy) never clean each
     * other's schemas.
     */
    public static final String TEST_DATABASE = "tillbridge_test_" + ProjectRoot.checkoutTag();

    private KafkaContainer kafkaContainer;
    private PostgreSQLContainer postgresContainer;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        boolean docker = System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null && dockerAvailable();

        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null && docker) {
            kafkaContainer = new KafkaContainer("apache/kafka:4.1.2");
            kafkaContainer.start();
            bootstrap = kafkaContainer.getBootstrapServers();
        } else if (bootstrap == null) {
            bootstrap = LocalKafka.ensureRunning();
        }
        LocalKafka.ensureTopics(bootstrap);
        config.put("kafka.bootstrap.servers", bootstrap);

        String jdbcUrl = System.getenv("TILLBRIDGE_TEST_JDBC_URL");
        if (jdbcUrl != null) {
            config.put("quarkus.datasource.jdbc.url", jdbcUrl);
            config.put(
                    "quarkus.datasource.username",
                    System.getenv().getOrDefault("TILLBRIDGE_TEST_JDBC_USERNAME", "postgres"));
            config.put(
                    "quarkus.datasource.password", System.getenv().getOrDefault("TILLBRIDGE_TEST_JDBC_PASSWORD", ""));
        } else if (docker && !postgresAnswersLocally()) {
            postgresContainer = new PostgreSQLContainer("postgres:16-alpine").withDatabaseName(TEST_DATABASE);
            postgresContainer.start();
            config.put("quarkus.datasource.jdbc.url", postgresContainer.getJdbcUrl());
            config.put("quarkus.datasource.username", postgresContainer.getUsername());
            config.put("quarkus.datasource.password", postgresContainer.getPassword());
        } else {
            LocalPostgres.Server server = LocalPostgres.ensureRunning();
            LocalPostgres.ensureDatabase(server, TEST_DATABASE);
            config.put("quarkus.datasource.jdbc.url", server.jdbcUrl(TEST_DATABASE));
            config.put("quarkus.datasource.username", server.username());
            config.put("quarkus.datasource.password", server.password());
        }

        String runId = UUID.randomUUID().toString().substring(0, 8);
        config.put("tillbridge.test.run-id", runId);
        groupsStartingAtEnd(runId)
                .forEach((group, topics) ->
                        ConsumerGroups.startAtEnd(config.get("kafka.bootstrap.servers"), group, topics));
        LOG.infof("Test infrastructure: Kafka %s, PostgreSQL %s", bootstrap, config.get("quarkus.datasource.jdbc.url"));
        return config;
    }

    /**
     * The consumer groups (by this run's id) that must begin at the current end of their topics rather than
     * replay what earlier runs left on a long-lived broker. Positioned here, before the service starts, so
     * no record a test publishes after readiness is skipped (see {@link ConsumerGroups}).
     */
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of();
    }

    @Override
    public void stop() {
        // The project's own broker and PostgreSQL stay up for the next test JVM; containers do not.
        if (kafkaContainer != null) {
            kafkaContainer.stop();
        }
        if (postgresContainer != null) {
            postgresContainer.stop();
        }
    }

    private static boolean postgresAnswersLocally() {
        return Ports.answers("127.0.0.1", 5432);
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers on a machine with no engine at all only prints a scary error line.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
