package dev.tillbridge.e2e;

import dev.tillbridge.infra.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        // Below the ephemeral range: the broker is restarted on these ports during the chaos.
        this.port = StablePorts.block(2);
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

    /**
     * SIGSTOP for {@code length}, then SIGCONT: the broker hangs as in a long GC pause or a frozen VM. Its sockets
     * stay open and nothing answers; the clients must wait it out, then carry on.
     */
    void pause(Duration length) {
        long pid = brokerPid();
        signal("STOP", pid);
        try {
            ServiceProcess.sleep(length.toMillis());
        } finally {
            signal("CONT", pid);
        }
    }

    private long brokerPid() {
        Path pidFile = runDir.resolve("kafka").resolve("broker.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return pid;
            }
            throw new IllegalStateException("The chaos broker (pid " + pid + ") is not running");
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No pid of the chaos broker in " + pidFile, e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
