package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialSealerTest {

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final CredentialSealer sealer = CredentialSealer.fromBase64Key(newKey());

    @Test
    void sealedCredentialsOpenToTheSameValuesAndHideTheSecret() {
        // Values with a '-', which Base64 never produces: finding one in the sealed text can only mean plain text.
        var oauth = new MagentoCredentials.OAuth1("ck-consumer", "cs-secret", "at-token", "ats-secret");
        String sealed = sealer.seal("int-1", oauth);

        assertThat(sealed)
                .startsWith("v1:")
                .doesNotContain("cs-secret")
                .doesNotContain("ats-secret")
                .doesNotContain("ck-consumer")
                .doesNotContain("at-token");
        assertThat(sealer.open("int-1", sealed)).isEqualTo(oauth);
        assertThat(oauth.toString()).doesNotContain("cs-secret").doesNotContain("ats-secret");
        assertThat(new MagentoCredentials.Bearer("tok-123").toString()).doesNotContain("tok-123");
    }

    @Test
    void aSealedValueCannotBeMovedToAnotherIntegrationOrOpenedWithAnotherKey() {
        String sealed = sealer.seal("int-1", new MagentoCredentials.Bearer("tok-123"));

        assertThatThrownBy(() -> sealer.open("int-2", sealed))
                .hasMessageContaining("int-2")
                .hasMessageNotContaining("tok-123");
        assertThatThrownBy(() -> CredentialSealer.fromBase64Key(newKey()).open("int-1", sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortKeyIsRefusedWithTheSettingName() {
        assertThatThrownBy(
                        () -> CredentialSealer.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("tillbridge.credentials.key");
    }
}
