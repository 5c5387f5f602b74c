package dev.tillbridge.simulator.auth;

import java.util.Objects;

/** The four values of a Magento integration (System › Integrations): consumer key/secret and access token/secret. */
public record OAuthCredentials(
        String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret) {

    public OAuthCredentials {
        Objects.requireNonNull(consumerKey, "consumerKey");
        Objects.requireNonNull(consumerSecret, "consumerSecret");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessTokenSecret, "accessTokenSecret");
    }

    @Override
    public String toString() {
        return "OAuthCredentials[consumerKey=" + consumerKey + ", secrets hidden]";
    }
}
