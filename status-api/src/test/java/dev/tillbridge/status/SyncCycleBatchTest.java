package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.status.messaging.ReadModelConsumers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code sync-cycles} is applied a poll at a time, in one transaction (ReadModelConsumers.onSyncCycles). The two
 * ways that can go wrong: a transient database failure must hold the whole poll back (nothing dead-lettered,
 * nothing skipped, readiness DOWN) until the database takes it; a poison record among good ones must go to the
 * dead-letter topic alone while the good ones around it are applied.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class SyncCycleBatchTest extends StatusApiTestSupport {

    private static EventEnvelope<SyncCycle> ended(String account, String id, UUID cycle, Instant windowTo) {
        return EventEnvelope.of(
                account,
                id,
                SyncCycle.ended(id, cycle, windowTo.minusSeconds(120))
                        .windowTo(windowTo)
                        .pages(1)
                        .magentoNewestUpdatedAt(windowTo)
                        .succeeded(300),
                Clock.systemUTC());
    }

    private void awaitCycle(String account, String id, UUID cycle) {
        awaitStatus(
                tokenFor(account),
                id,
                DatabaseOutage.PATIENCE,
                status -> status.body("syncCycle.cycleId", equalTo(cycle.toString())));
    }

    @Test
    void aPollTheDatabaseRefusesForAWhileIsHeldBackNotDeadLetteredAndAppliedOnceItIsTaken() throws SQLException {
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        UUID first = UUID.randomUUID();
        kafka.sendEvent(Topics.SYNC_CYCLES, id, ended(account, id, first, Instant.parse("2024-12-13T10:02:00Z")));
        awaitCycle(account, id, first);

        // From now on a new cycle of this integration is refused as a serialization failure (SQL state 40001).
        String name = id.replace('-', '_');
        execute("""
                CREATE FUNCTION refuse_cycle_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.integration_id = '%2$s' AND NEW.cycle_id IS DISTINCT FROM OLD.cycle_id THEN
                    RAISE EXCEPTION 'refused by the test' USING ERRCODE = '40001';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_cycle_%1$s BEFORE UPDATE ON integration_status
                  FOR EACH ROW EXECUTE FUNCTION refuse_cycle_%1$s();
                """.formatted(name, id));
        UUID second = UUID.randomUUID();
        try {
            kafka.sendEvent(Topics.SYNC_CYCLES, id, ended(account, id, second, Instant.parse("2024-12-13T10:03:00Z")));
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                            .as("readiness names the channel that cannot make progress")
                            .isNotNull()
                            .containsKey(ReadModelConsumers.SYNC_CYCLES));
        } finally {
            execute("DROP TRIGGER refuse_cycle_%1$s ON integration_status; DROP FUNCTION refuse_cycle_%1$s();"
                    .formatted(name));
        }

        awaitCycle(account, id, second);
        await().atMost(DatabaseOutage.PATIENCE)
                .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);
        assertThat(kafka.readAll(Topics.deadLetter(Topics.SYNC_CYCLES), r -> id.equals(r.key())))
                .as("a transient failure dead-letters nothing")
                .isEmpty();
    }

    @Test
    void anUnreadableRecordAmongGoodCyclesGoesToTheDeadLetterTopicAloneAndTheOthersAreApplied() {
        OtherServices one = configuredIntegration();
        OtherServices other = configuredIntegration();
        UUID oneFirst = UUID.randomUUID();
        UUID oneSecond = UUID.randomUUID();
        UUID otherCycle = UUID.randomUUID();
        String bad = "{\"not\": \"a cycle " + UUID.randomUUID() + "\"}";
        Instant at = Instant.parse("2024-12-13T10:02:00Z");
        // Sent back to back, so they are likely one poll: the bad record between two good ones of its key.
        kafka.sendEvent(
                Topics.SYNC_CYCLES, one.integrationId(), ended(one.accountId(), one.integrationId(), oneFirst, at));
        kafka.sendEvent(
                Topics.SYNC_CYCLES,
                other.integrationId(),
                ended(other.accountId(), other.integrationId(), otherCycle, at));
        kafka.send(Topics.SYNC_CYCLES, one.integrationId(), bad);
        kafka.sendEvent(
                Topics.SYNC_CYCLES,
                one.integrationId(),
                ended(one.accountId(), one.integrationId(), oneSecond, at.plusSeconds(60)));

        awaitCycle(one.accountId(), one.integrationId(), oneSecond);
        awaitCycle(other.accountId(), other.integrationId(), otherCycle);
        var dead = kafka.readUntil(
                Topics.deadLetter(Topics.SYNC_CYCLES),
                r -> one.integrationId().equals(r.key())
                        || other.integrationId().equals(r.key()),
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        // At least once: a rebalance on a starved machine may dead-letter the same offset a second time.
        assertThat(dead)
                .as("only the unreadable record is dead-lettered")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.value()).isEqualTo(bad));
        String token = tokenFor(one.accountId());
        as(token)
                .get("/api/v1/integrations/{id}/status", one.integrationId())
                .then()
                .body("syncCycle.watermark", equalTo(at.plusSeconds(60).toString()));
    }
}
