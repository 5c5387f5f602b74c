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

    private LocalKafka() {
    }

    public static String ensureRunning() {
        int port = Integer.parseInt(System.getenv().getOrDefault("KAFKA_PORT", String.valueOf(DEFAULT_PORT)));
        if (!Ports.answers("127.0.0.1", port)) {
            Path root = ProjectRoot.find();
            run(root, List.of("bash", root.resolve("bin/kafka").toString(), "start"));
        }
        return "127.0.0.1:" + port;
    }

    /** Creates the design's topics and their dead-letter topics where missing. */
    public static void ensureTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.ensure(admin, Topics.allWithDeadLetters(), (short) 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    static void run(Path root, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see .run/kafka/broker.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }
}
