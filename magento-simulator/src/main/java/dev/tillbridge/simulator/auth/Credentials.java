package dev.tillbridge.simulator.auth;

/**
 * What a store accepts: a Bearer access token (Magento's {@code enable_integration_as_bearer}), OAuth 1.0a
 * integration values, both, or neither (every Magento route then answers 401, like a revoked integration).
 */
public record Credentials(String bearerToken, OAuthCredentials oauth) {

    public static Credentials none() {
        return new Credentials(null, null);
    }

    public static Credentials bearer(String token) {
        return new Credentials(token, null);
    }

    public static Credentials oauth(OAuthCredentials oauth) {
        return new Credentials(null, oauth);
    }

    @Override
    public String toString() {
        return "Credentials[bearer=" + (bearerToken != null) + ", oauth=" + oauth + "]";
    }
}
