package dev.tillbridge.infra;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The project's own Kafka broker ({@code bin/kafka}): started when nothing answers on its port, left
 * running afterwards so the next test JVM reuses it. Tests stay correct on a long-lived broker because
 * they use fresh integration ids and consumer groups.
 */
public final class LocalKafka {

    public static final int DEFAULT_PORT = 9092;

    private LocalKafka() {}

    public static String ensureRunning() {
        int port = Integer.parseInt(System.getenv().getOrDefault("KAFKA_PORT", String.valueOf(DEFAULT_PORT)));
        if (!Ports.answers("127.0.0.1", port)) {
            script("start", Map.of());
        }
        return "127.0.0.1:" + port;
    }

    /**
     * Runs {@code bin/kafka <command>} with extra environment: another port, run directory or jars
     * ({@code KAFKA_PORT}, {@code TILLBRIDGE_RUN_DIR}, {@code KAFKA_LIBS}) for a broker of a test's own.
     */
    public static void script(String command, Map<String, String> environment) {
        Path root = ProjectRoot.find();
        List<String> line = List.of("bash", root.resolve("bin/kafka").toString(), command);
        String runDir = environment.getOrDefault("TILLBRIDGE_RUN_DIR", ".run");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(line).directory(root.toFile()).inheritIO();
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "bin/kafka " + command + " failed; see " + runDir + "/kafka/broker.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + line, e);
        }
    }

    /** Creates the topics of docs/architecture.md and their dead-letter topics where missing. */
    public static void ensureTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.ensure(admin, Topics.allWithDeadLetters(), (short) 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
