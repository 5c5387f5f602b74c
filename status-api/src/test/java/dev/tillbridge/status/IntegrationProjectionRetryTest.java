package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.infra.DatabaseOutage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shared directory commits before status-api's integration projection runs. When the projection fails
 * transiently after that commit, the record is retried (nothing committed) and the directory, finding the same
 * revision, notifies again: the projection is redone instead of lost.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class IntegrationProjectionRetryTest extends StatusApiTestSupport {

    @Test
    void aProjectionThatFailsAfterTheDirectoryCommittedIsRedoneOnceTheDatabaseAcceptsIt() throws SQLException {
        String account = unique("acc");
        String id = unique("int");
        // Only this integration's status row is refused, as a serialization failure (SQL state 40001): transient.
        execute("""
                CREATE FUNCTION refuse_status_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.integration_id = '%2$s' THEN
                    RAISE EXCEPTION 'refused by the test' USING ERRCODE = '40001';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_status_%1$s BEFORE INSERT OR UPDATE ON integration_status
                  FOR EACH ROW EXECUTE FUNCTION refuse_status_%1$s();
                """.formatted(id.replace('-', '_'), id));
        try {
            configure(id, account, 60);
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(directory.find(id))
                                .as("the directory committed")
                                .isPresent();
                        assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                                .isNotNull()
                                .containsKey(IntegrationDirectory.CHANNEL);
                    });
        } finally {
            execute("DROP TRIGGER refuse_status_%1$s ON integration_status; DROP FUNCTION refuse_status_%1$s();"
                    .formatted(id.replace('-', '_')));
        }

        awaitStatus(
                tokenFor(account), id, DatabaseOutage.PATIENCE, status -> status.body("name", equalTo("Store " + id)));
        await().atMost(DatabaseOutage.PATIENCE)
                .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);
        assertThat(kafka.readAll(Topics.deadLetter(Topics.INTEGRATIONS), r -> id.equals(r.key())))
                .isEmpty();
    }
}
