package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified token must also satisfy before it is an identity. SmallRye JWT checks the signature, the
 * issuer, the audience ({@code mp.jwt.verify.audiences}) and that {@code exp - iat} is at most
 * {@code smallrye.jwt.time-to-live}; it does not check how far {@code exp} lies ahead of now (a token with
 * {@code iat} in the future passes), nor the shape of our own {@code account} claim, which scopes every query
 * and so must be one account id, never an array or a number.
 */
@ApplicationScoped
public class BearerTokenPolicy {

    /** Clocks of the identity provider and of this service may differ by this much. */
    static final long CLOCK_SKEW_SECONDS = 60;

    private final long maxLifetimeSeconds;

    public BearerTokenPolicy(@ConfigProperty(name = "smallrye.jwt.time-to-live") long maxLifetimeSeconds) {
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    /** @return why the token is refused, or empty when it may be used */
    public Optional<String> refusal(JsonWebToken jwt, long nowEpochSecond) {
        if (jwt.getExpirationTime() - nowEpochSecond > maxLifetimeSeconds + CLOCK_SKEW_SECONDS) {
            return Optional.of("expires further ahead than " + maxLifetimeSeconds + " s");
        }
        if (jwt.getIssuedAtTime() > nowEpochSecond + CLOCK_SKEW_SECONDS) {
            return Optional.of("is issued in the future");
        }
        Object account = jwt.getClaim(Callers.ACCOUNT_CLAIM);
        if (account != null && accountOf(account).isEmpty()) {
            return Optional.of("has an account claim that is not one account id");
        }
        return Optional.empty();
    }

    /** @return the account id of a claim value that is a single string of the account id pattern */
    static Optional<String> accountOf(Object claim) {
        String text = claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
        return text != null && Caller.ACCOUNT_ID.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }
}
