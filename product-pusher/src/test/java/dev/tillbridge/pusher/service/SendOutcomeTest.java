package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.magento.MagentoException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendOutcomeTest {

    private static final String ROUTE = "PUT /V1/products/A";

    @Test
    void aLostLockIsAnOverloadToRetryNotARejectedProduct() {
        SendOutcome outcome = SendOutcome.of(
                new MagentoException.Rejected(ROUTE, SendOutcome.LOCK_WAIT_MESSAGE, SendOutcome.LOCK_WAIT_MESSAGE));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Overloaded.class, o -> {
            assertThat(o.lockContention()).isTrue();
            assertThat(o.storeUnavailable()).isFalse();
        });
    }

    @Test
    void unavailableKeepsItsRetryAfter() {
        SendOutcome outcome = SendOutcome.of(
                new MagentoException.Unavailable(ROUTE, 503, "Service Unavailable", Duration.ofSeconds(7), null));

        assertThat(outcome)
                .isEqualTo(
                        new SendOutcome.Overloaded("Service Unavailable", Optional.of(Duration.ofSeconds(7)), false));
    }

    @Test
    void aValidationErrorIsARejectionWithMagentosSentence() {
        String sentence = "The \"name\" attribute value is empty. Set the attribute and try again.";
        assertThat(SendOutcome.of(
                        new MagentoException.Rejected(ROUTE, sentence, "The \"%1\" attribute value is empty.")))
                .isEqualTo(new SendOutcome.Rejected(sentence));
        assertThat(SendOutcome.of(
                        new MagentoException.NotFound(ROUTE, "The product that was requested doesn't exist.")))
                .isInstanceOf(SendOutcome.Rejected.class);
    }

    @Test
    void aRefusedTokenWaitsForNewCredentials() {
        assertThat(SendOutcome.of(new MagentoException.AuthFailed(ROUTE, "The consumer isn't authorized.")))
                .isEqualTo(new SendOutcome.Blocked("The consumer isn't authorized.", AlertCode.MAGENTO_AUTH_FAILED));
    }

    @Test
    void anAddressTillbridgeDoesNotConnectToWaitsForANewBaseUrlInsteadOfRejectingEveryProduct() {
        var refused = new MagentoException.AddressRefused(
                ROUTE, "magento.shop.svc", "must not name a cluster-internal host (.svc)");
        assertThat(SendOutcome.of(refused))
                .isEqualTo(new SendOutcome.Blocked(refused.readableMessage(), AlertCode.MAGENTO_ADDRESS_REFUSED));
    }

    @Test
    void aGarbledAnswerToASaveIsTriedAgain() {
        assertThat(SendOutcome.of(new MagentoException.UnreadableResponse(ROUTE, 200, "not JSON", null)))
                .isInstanceOf(SendOutcome.Overloaded.class);
    }
}
