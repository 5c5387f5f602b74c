package dev.tillbridge.e2e;

import dev.tillbridge.infra.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the chaos run's own: a fresh cluster ({@code initdb}) under the run folder, on a free
 * loopback port, trust authentication, started and stopped with {@code pg_ctl}. The run stops it for a while and
 * starts it again; the machine's shared server (5432) is never touched.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root every command runs as the {@code postgres}
 * OS user ({@code runuser}) and the cluster's folder is handed to that user. The binaries are those of
 * {@code -Dchaos.pg.bin}, else the newest {@code /usr/lib/postgresql/<version>/bin}.
 */
final class ChaosPostgres implements AutoCloseable {

    private static final String OS_USER = "postgres";

    private final Path home;
    private final Path data;
    private final Path log;
    private final Path bin;
    private final int port;
    private final Thread cleanUp = new Thread(this::close, "chaos-postgres-stop");

    ChaosPostgres(Path runDir) {
        this.home = runDir.toAbsolutePath().resolve("postgres");
        this.data = home.resolve("data");
        this.log = home.resolve("postgres.log");
        this.bin = binaries();
        // Below the ephemeral range: the server is restarted on this port during the chaos.
        this.port = StablePorts.block(1);
    }

    /** A new cluster, started: the run's database server until {@link #close()}. */
    ChaosPostgres start() {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + home, e);
        }
        if (asRoot()) {
            run(List.of("chown", "-R", OS_USER + ":" + OS_USER, home.toString()), false);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-sync"),
                true);
        // Loopback only, its socket in its own folder; fsync off: a test cluster, stopped cleanly or thrown away.
        String settings = String.join(
                "\n",
                "",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + home + "'",
                "max_connections = 200",
                "shared_buffers = 64MB",
                "fsync = off",
                "");
        try {
            Files.writeString(data.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure the cluster in " + data, e);
        }
        startServer();
        Runtime.getRuntime().addShutdownHook(cleanUp);
        return this;
    }

    LocalPostgres.Server server() {
        return new LocalPostgres.Server("127.0.0.1", port, "postgres", "");
    }

    /** {@code pg_ctl stop -m fast}: sessions are terminated, open transactions roll back, nothing answers. */
    void stopServer() {
        pgCtl("stop", "-m", "fast");
    }

    /** {@code pg_ctl start}, returning once it accepts connections. */
    void startServer() {
        pgCtl("start", "-l", log.toString());
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                pgCtl("stop", "-m", "immediate");
            } catch (RuntimeException e) {
                System.out.println("chaos postgres: " + e.getMessage());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }

    private void pgCtl(String command, String... options) {
        List<String> line = new ArrayList<>(
                List.of(bin.resolve("pg_ctl").toString(), command, "-D", data.toString(), "-w", "-t", "120"));
        line.addAll(List.of(options));
        run(line, true);
    }

    /** Runs a command to its end (as the postgres OS user if asked and we are root); its output goes to the log. */
    private void run(List<String> command, boolean asPostgres) {
        List<String> line = new ArrayList<>();
        if (asPostgres && asRoot()) {
            line.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        line.addAll(command);
        try {
            Path output = home.resolve("commands.log");
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + line);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Failed (exit " + process.exitValue() + "): " + line + "; see " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + line, e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        String configured = System.getProperty("chaos.pg.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "The chaos run needs PostgreSQL's initdb and pg_ctl: none found under "
                            + "/usr/lib/postgresql/<version>/bin; name their folder with -Dchaos.pg.bin",
                    e);
        }
    }
}
