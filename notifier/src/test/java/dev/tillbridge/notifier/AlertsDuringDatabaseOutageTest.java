package dev.tillbridge.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.notifier.messaging.AlertConsumer;
import dev.tillbridge.notifier.support.NotifierTestSupport;
import dev.tillbridge.notifier.support.SmtpPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An alert read while PostgreSQL is briefly unavailable is held and stored once it is back: no alert mail is lost. */
@QuarkusTest
@WithTestResource(NotifierTestResource.class)
@WithTestResource(SmtpPortResource.class)
class AlertsDuringDatabaseOutageTest extends NotifierTestSupport {

    @Test
    void anAlertRaisedWhileTheDatabaseIsDownIsStoredWhenItReturnsAndNeverDeadLettered() {
        IntegrationConfigured shop = integration(newAccount(), "Shop", List.of(newAddress()), null);
        try (DatabaseOutage outage = DatabaseOutage.ofTheApplication()) {
            raise(shop, AlertCode.MAGENTO_ERROR, "Magento answered 503", 1);
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                            .isNotNull()
                            .containsKey(AlertConsumer.CHANNEL));
        }
        awaitAlert(shop, AlertCode.MAGENTO_ERROR, stored -> true);
        await().atMost(DatabaseOutage.PATIENCE)
                .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);

        String key = Topics.alertKey(shop.integrationId(), AlertCode.MAGENTO_ERROR);
        assertThat(kafka.readAll(Topics.deadLetter(Topics.INTEGRATION_ALERTS), r -> key.equals(r.key())))
                .as("a good alert is never dead-lettered because the database was down")
                .isEmpty();
    }

    @Test
    void aMalformedAlertStillGoesToTheDeadLetterTopic() {
        String key = "bad-" + UUID.randomUUID();
        kafka.send(Topics.INTEGRATION_ALERTS, key, "{\"type\": \"alert.changed.v1\", \"payload\": 42");
        assertThat(kafka.readUntil(
                        Topics.deadLetter(Topics.INTEGRATION_ALERTS),
                        r -> key.equals(r.key()),
                        found -> !found.isEmpty(),
                        DatabaseOutage.PATIENCE))
                .isNotEmpty();
    }
}
