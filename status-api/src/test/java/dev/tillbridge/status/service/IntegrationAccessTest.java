package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** The tenancy gate's rule: whatever is not the caller's to see is not found, exactly like an unknown id. */
class IntegrationAccessTest {

    private static final IntegrationAccess.Owner OF_A = new IntegrationAccess.Owner("int-1", "acc-a", 3);

    @Test
    void anUnknownOrDeletedIntegrationIsNotFound() {
        assertThatThrownBy(() -> IntegrationAccess.visible(new Caller("u", "acc-a", false), "int-1", null))
                .isInstanceOf(IntegrationNotFoundException.class);
    }

    @Test
    void anotherAccountsIntegrationIsNotFoundLikeAnUnknownOne() {
        Throwable foreign =
                catchThrowable(() -> IntegrationAccess.visible(new Caller("u", "acc-b", false), "int-1", OF_A));
        Throwable unknown =
                catchThrowable(() -> IntegrationAccess.visible(new Caller("u", "acc-b", false), "int-1", null));
        assertThat(foreign).isInstanceOf(IntegrationNotFoundException.class);
        assertThat(foreign).hasMessage(unknown.getMessage());
    }

    @Test
    void theOwnerAndAnOperatorGetThrough() {
        assertThat(IntegrationAccess.visible(new Caller("u", "acc-a", false), "int-1", OF_A))
                .isEqualTo(OF_A);
        assertThat(IntegrationAccess.visible(new Caller("ops", null, true), "int-1", OF_A))
                .isEqualTo(OF_A);
    }
}
