package dev.tillbridge.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.notifier.store.StoredAlert;
import dev.tillbridge.notifier.support.NotifierTestSupport;
import dev.tillbridge.notifier.support.SmtpPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A deleted integration's alerts end with its tombstone: nothing more is mailed about it, and the same id created
 * again by its account starts with no alert state of the deleted incarnation (a new alert is a new episode).
 */
@QuarkusTest
@WithTestResource(NotifierTestResource.class)
@WithTestResource(SmtpPortResource.class)
class DeletedIntegrationAlertsTest extends NotifierTestSupport {

    @Test
    void theTombstoneForgetsTheAlertsAndARecreatedIdStartsANewEpisode() {
        String account = newAccount();
        IntegrationConfigured shop = integration(account, "Deleted Shop", List.of(newAddress()), null);
        raise(shop, AlertCode.MAGENTO_UNREACHABLE, "Service Unavailable (503) from /rest/V1/orders", 3);
        StoredAlert old = awaitAlert(shop, AlertCode.MAGENTO_UNREACHABLE, a -> a.state() == AlertState.RAISED);
        assertThat(old.occurrences()).isEqualTo(3);

        kafka.send(Topics.INTEGRATIONS, shop.integrationId(), null);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> store.find(shop.integrationId(), AlertCode.MAGENTO_UNREACHABLE)
                        .isEmpty());
        assertThat(store.alertsOf(account)).as("nothing left to mail about it").isEmpty();

        clock.advance(Duration.ofSeconds(5));
        IntegrationConfigured again = shop.toBuilder()
                .accountId(account)
                .enabled(true)
                .revision(shop.revision() + 2)
                .build();
        kafka.sendEvent(
                Topics.INTEGRATIONS,
                again.integrationId(),
                EventEnvelope.of(account, again.integrationId(), again, clock));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> directory.find(again.integrationId()).isPresent());
        raise(again, AlertCode.MAGENTO_UNREACHABLE, "Service Unavailable (503) from /rest/V1/orders", 1);
        StoredAlert fresh = awaitAlert(again, AlertCode.MAGENTO_UNREACHABLE, a -> a.occurrences() == 1);
        assertThat(fresh.raisedAt()).as("a new episode, not the deleted one's").isAfter(old.raisedAt());
        assertThat(fresh.mailsSent()).isZero();
    }
}
