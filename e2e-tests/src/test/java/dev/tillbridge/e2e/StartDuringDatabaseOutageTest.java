package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.infra.DatabaseOutage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A service started while PostgreSQL refuses its connections (restarting, failing over, or a loaded node slower than
 * the pool's 5-second wait for a first connection) waits for the database and is ready once it is back, without
 * exiting: Flyway's connection retries (quarkus.flyway.connect-retries in every service). Two CI runs at load 40
 * lost a service at start this way (issue 12). The outage is PostgreSQL's own ALLOW_CONNECTIONS switch on this run's
 * database; the wait is on the service's log and its readiness, not on a guessed time.
 */
class StartDuringDatabaseOutageTest {

    @Test
    void aServiceStartedWhileItsDatabaseRefusesConnectionsIsReadyOnceItIsBack() {
        E2eInfrastructure infra = new E2eInfrastructure();
        try (ServiceProcess poller = new ServiceProcess("order-poller", infra.pollerSettings())) {
            try (DatabaseOutage outage = DatabaseOutage.begin(
                    infra.postgres.jdbcUrl(infra.database), infra.postgres.username(), infra.postgres.password())) {
                poller.launch();
                await("the service meets the outage at start and says it will try again")
                        .atMost(DatabaseOutage.PATIENCE)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> poller.logSinceStart().contains("Connection error: ") || !poller.isAlive());
                assertThat(poller.isAlive())
                        .as("still running while the database refuses it")
                        .isTrue();
            }
            poller.awaitReady(Duration.ofMinutes(5));
            assertThat(poller.starts()).as("ready without a restart").isEqualTo(1);
            assertThat(poller.logSinceStart()).doesNotContain("Failed to start application");
        }
    }
}
