package dev.tillbridge.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps PostgreSQL available for the local stack: writes the JDBC settings of the server it found or
 * started to the file named by its second argument (never to the console), creates the database, and
 * stays up while an embedded server it started is in use (it exits at once when one was already there). {@code bin/tillbridge} runs it in the background.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        String database = args.length > 0 ? args[0] : "tillbridge";
        Path envFile = Path.of(args.length > 1 ? args[1] : ".run/postgres.env");
        LocalPostgres.Server server = LocalPostgres.ensureRunning();
        LocalPostgres.ensureDatabase(server, database);
        Files.createDirectories(envFile.toAbsolutePath().getParent());
        Files.writeString(
                envFile,
                "QUARKUS_DATASOURCE_JDBC_URL=" + server.jdbcUrl(database) + "\n"
                        + "QUARKUS_DATASOURCE_USERNAME=" + server.username() + "\n"
                        + "QUARKUS_DATASOURCE_PASSWORD=" + server.password() + "\n");
        System.out.println("postgres: ready at " + server.jdbcUrl(database));
        System.out.flush();
        if (LocalPostgres.startedEmbedded()) {
            // The embedded server lives as long as this process; bin/tillbridge down stops it.
            new CountDownLatch(1).await();
        }
    }
}
