package dev.tillbridge.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL for tests and the local stack: the server on 127.0.0.1:5432 when one answers (trust auth,
 * user {@code postgres}), otherwise an embedded PostgreSQL whose data folder lives under the run folder,
 * so a restart keeps the data.
 */
public final class LocalPostgres {

    public static final int EMBEDDED_PORT = 15432;

    private static EmbeddedPostgres embedded;

    private LocalPostgres() {}

    /** Where to reach PostgreSQL, as JDBC settings without a database name. */
    public record Server(String host, int port, String username, String password) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Server[" + host + ":" + port + ", user " + username + "]";
        }
    }

    public static synchronized Server ensureRunning() {
        if (Ports.answers("127.0.0.1", 5432)) {
            return new Server("127.0.0.1", 5432, "postgres", "");
        }
        if (Ports.answers("127.0.0.1", EMBEDDED_PORT)) {
            return new Server("127.0.0.1", EMBEDDED_PORT, "postgres", "postgres");
        }
        return startEmbedded(ProjectRoot.runDir().resolve("postgres"));
    }

    static synchronized Server startEmbedded(Path dataDirectory) {
        try {
            embedded = EmbeddedPostgres.builder()
                    .setPort(EMBEDDED_PORT)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            return new Server("127.0.0.1", EMBEDDED_PORT, "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    static synchronized boolean startedEmbedded() {
        return embedded != null;
    }

    /** Creates the database when it does not exist (PostgreSQL has no CREATE DATABASE IF NOT EXISTS). */
    public static void ensureDatabase(Server server, String database) {
        onServer(server, database, "create", statement -> {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                try {
                    statement.execute("CREATE DATABASE " + database);
                } catch (SQLException e) {
                    // Another JVM created it between our check and our create.
                    if (!"42P04".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        });
    }

    /** Drops the database (closing its sessions) and creates it empty: a run that must start from nothing. */
    public static void recreateDatabase(Server server, String database) {
        onServer(server, database, "recreate", statement -> {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        });
    }

    /** Drops the database, closing its sessions; nothing when it does not exist. */
    public static void dropDatabase(Server server, String database) {
        onServer(
                server,
                database,
                "drop",
                statement -> statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private interface DatabaseStatement {
        void run(Statement statement) throws SQLException;
    }

    /** Runs {@code work} on the server's maintenance database, for a database name checked to be an identifier. */
    private static void onServer(Server server, String database, String action, DatabaseStatement work) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Database names here are lower-case identifiers: " + database);
        }
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            work.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot " + action + " database " + database + " on " + server + ": " + e.getMessage(), e);
        }
    }
}
