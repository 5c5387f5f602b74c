package dev.tillbridge.e2e;

import dev.tillbridge.infra.LocalKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka broker of the chaos run's own ({@code bin/kafka} on its own ports and data directory), so the run can
 * restart it without disturbing anyone else's tests on the shared broker.
 */
final class ChaosBroker implements AutoCloseable {

    private final Path runDir;
    private final int port;

    ChaosBroker(Path runDir) {
        this.runDir = runDir.toAbsolutePath();
        this.port = freePortPair();
    }

    /** A free port whose successor is free too (the broker's controller listens there). */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(first.getLocalPort() + 1)) {
                return first.getLocalPort();
            } catch (IOException e) {
                // the successor was taken: try another
            }
        }
        throw new IllegalStateException("No two adjacent free ports for the chaos broker");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ChaosBroker start() {
        kafka("reset");
        kafka("start");
        return this;
    }

    /** SIGTERM, then start again on the same data: the clients must ride it out. */
    void restart() {
        kafka("restart");
    }

    @Override
    public void close() {
        kafka("stop");
    }

    private void kafka(String command) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_PORT", Integer.toString(port),
                "KAFKA_CONTROLLER_PORT", Integer.toString(port + 1),
                "TILLBRIDGE_RUN_DIR", runDir.toString()));
        Path sharedLibs = E2eInfrastructure.root().resolve(".run/kafka/libs");
        if (Files.exists(sharedLibs.resolve(".complete"))) {
            environment.put("KAFKA_LIBS", sharedLibs.toString());
        }
        LocalKafka.script(command, environment);
    }
}
