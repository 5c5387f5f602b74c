package dev.tillbridge.infra;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A transient database failure that a test starts and ends on purpose: the service's database stops accepting
 * connections ({@code ALLOW_CONNECTIONS false}, which holds for superusers too) and every open session of it is
 * terminated, so the service's next statement fails as it would while PostgreSQL restarts or fails over.
 * {@link #close()} undoes it; use try-with-resources. Works through the server's {@code postgres} database, so
 * the test's own connection is not cut.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;
    private boolean ended;

    private DatabaseOutage(String jdbcUrl, String user, String password) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        this.database = query < 0 ? jdbcUrl.substring(slash + 1) : jdbcUrl.substring(slash + 1, query);
        this.adminUrl = jdbcUrl.substring(0, slash + 1) + "postgres";
        this.user = user;
        this.password = password;
    }

    /** An outage of the database the running application's {@code quarkus.datasource.*} configuration names. */
    public static DatabaseOutage ofTheApplication() {
        Config config = ConfigProvider.getConfig();
        return begin(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    public static DatabaseOutage begin(String jdbcUrl, String user, String password) {
        DatabaseOutage outage = new DatabaseOutage(jdbcUrl, user, password);
        outage.execute("ALTER DATABASE \"" + outage.database + "\" WITH ALLOW_CONNECTIONS false");
        try (Connection c = outage.admin();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, outage.database);
            ps.execute();
        } catch (SQLException e) {
            outage.close();
            throw new IllegalStateException("Cannot cut the sessions of " + outage.database, e);
        }
        return outage;
    }

    /** Ends the outage: the database accepts connections again (idempotent). */
    @Override
    public void close() {
        if (!ended) {
            execute("ALTER DATABASE \"" + database + "\" WITH ALLOW_CONNECTIONS true");
            ended = true;
        }
    }

    /**
     * The upper bound of a test's wait on what an outage changes (readiness going DOWN and back UP, a held record
     * applied). A CI run at load 55 needed 30 s for one answer of /q/health/ready while the database refused
     * connections; a wait ends as soon as the state is there, so a generous bound costs a passing test nothing.
     */
    public static final Duration PATIENCE = Duration.ofMinutes(2);

    /** The data of the readiness check named {@code check} when it is DOWN, else null (the service's HTTP API). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> downReadiness(String check) {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream()
                .filter(c -> check.equals(c.get("name")) && "DOWN".equals(c.get("status")))
                .map(c -> (Map<String, Object>) c.getOrDefault("data", Map.of()))
                .findFirst()
                .orElse(null);
    }

    private void execute(String sql) {
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl, user, password == null ? "" : password);
    }
}
