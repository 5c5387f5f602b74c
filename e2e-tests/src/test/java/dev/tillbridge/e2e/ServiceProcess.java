package dev.tillbridge.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One Tillbridge service run as operators run it: {@code java -jar target/quarkus-app/quarkus-run.jar},
 * configured by system properties, its output in {@code target/e2e-logs}. {@link #kill()} is SIGKILL:
 * no shutdown hook, no flush, no commit.
 */
final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final Map<String, String> properties;
    private final int port;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(String module, Map<String, String> properties) {
        this.module = module;
        this.properties = new TreeMap<>(properties);
        // Below the ephemeral range: a killed service comes back on the same port.
        this.port = StablePorts.block(1);
        this.log = Path.of("target", "e2e-logs", module + ".log");
    }

    /**
     * How long a start may take: a Quarkus service is ready in seconds on a quiet machine, but took over two minutes
     * at a load average of 24 (several CI runs at once); the wait ends as soon as it is ready.
     */
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    ServiceProcess start() {
        launch();
        awaitReady(READY_WITHIN);
        return this;
    }

    /**
     * Starts every process at once and returns when all report ready: on a small machine their start-ups
     * overlap instead of queueing. If one fails, the ones started are stopped.
     */
    static void startTogether(ServiceProcess... processes) {
        try {
            for (ServiceProcess process : processes) {
                process.launch();
            }
            for (ServiceProcess process : processes) {
                process.awaitReady(READY_WITHIN);
            }
        } catch (RuntimeException e) {
            for (ServiceProcess process : processes) {
                process.close();
            }
            throw e;
        }
    }

    /** Where its HTTP server listens, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and returns at once ({@link #awaitReady} waits for it). */
    void launch() {
        Path jar = E2eInfrastructure.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the services first (bin/verify builds them before this module)");
        }
        // The tests' own JDK (a Java 25: the services are built for it), not whatever `java` the PATH names first.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            starts++;
            Files.writeString(
                    log,
                    "---- start " + starts + " at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Only the settings above configure it: a KAFKA_BOOTSTRAP_SERVERS (or QUARKUS_*, TILLBRIDGE_*) in the
            // test's own environment would reach some of the service's clients past its -D settings.
            builder.environment()
                    .keySet()
                    .removeIf(name -> name.startsWith("KAFKA_")
                            || name.startsWith("QUARKUS_")
                            || name.startsWith("TILLBRIDGE_")
                            || name.startsWith("MP_"));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + module, e);
        }
    }

    /** Starts it again if it is not running (a chaos run's last kill may have left it down). */
    ServiceProcess ensureRunning() {
        return process != null && process.isAlive() ? this : start();
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure would stop it. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How often it was started. */
    int starts() {
        return starts;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** What the process logged since its last start. */
    String logSinceStart() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.lastIndexOf("---- start " + starts + " at ")));
        } catch (IOException e) {
            return "";
        }
    }

    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        module + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        // The next test class starts the same module over this log: keep this one under its own name.
        Path kept = log.resolveSibling(module + "-not-ready-" + System.currentTimeMillis() + ".log");
        try {
            Files.copy(log, kept);
        } catch (IOException e) {
            kept = log;
        }
        throw new IllegalStateException(module + " not ready within " + timeout.toSeconds() + " s (last answer: "
                + lastAnswer + "); see " + kept.toAbsolutePath());
    }

    @Override
    public void close() {
        stopTogether(List.of(this));
    }

    /** SIGTERM to all at once, then up to 20 s for each to finish its shutdown before SIGKILL. */
    static void stopTogether(List<ServiceProcess> processes) {
        for (ServiceProcess p : processes) {
            if (p.process != null && p.process.isAlive()) {
                p.process.destroy();
            }
        }
        Instant deadline = Instant.now().plusSeconds(20);
        for (ServiceProcess p : processes) {
            if (p.process == null) {
                continue;
            }
            try {
                long left =
                        Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                if (!p.process.waitFor(left, TimeUnit.MILLISECONDS)) {
                    p.process.destroyForcibly();
                    p.process.waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
