package dev.tillbridge.magento;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * How Tillbridge authenticates to one Magento store: a Bearer access token (Magento's
 * {@code enable_integration_as_bearer}) or the four OAuth 1.0a values of a Magento integration.
 * No {@code toString} ever shows a secret.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MagentoCredentials.Bearer.class, name = "bearer"),
    @JsonSubTypes.Type(value = MagentoCredentials.OAuth1.class, name = "oauth1")
})
public sealed interface MagentoCredentials {

    record Bearer(String accessToken) implements MagentoCredentials {
        public Bearer {
            requireText(accessToken, "accessToken");
        }

        @Override
        public String toString() {
            return "Bearer[accessToken=***]";
        }
    }

    record OAuth1(String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret)
            implements MagentoCredentials {
        public OAuth1 {
            requireText(consumerKey, "consumerKey");
            requireText(consumerSecret, "consumerSecret");
            requireText(accessToken, "accessToken");
            requireText(accessTokenSecret, "accessTokenSecret");
        }

        @Override
        public String toString() {
            return "OAuth1[consumerKey=" + consumerKey + ", secrets=***]";
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
