package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.Caller;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified bearer token. */
@RequestScoped
public class Callers {

    public static final String ACCOUNT_CLAIM = "account";
    private static final int MAX_REMEMBERED = 10_000;
    // Reading a non-standard claim costs SmallRye JWT an exception each time; a token's caller never changes.
    private static final Map<String, Caller> BY_TOKEN = new ConcurrentHashMap<>();

    private final JsonWebToken jwt;

    public Callers(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** @throws ForbiddenException for a token that is neither an operator's nor bound to an account */
    public Caller current() {
        String raw = jwt.getRawToken();
        Caller known = raw == null ? null : BY_TOKEN.get(raw);
        Caller caller = known != null ? known : read();
        if (!caller.operator() && (caller.account() == null || caller.account().isBlank())) {
            throw new ForbiddenException("The token has no account claim");
        }
        if (known == null && raw != null) {
            if (BY_TOKEN.size() >= MAX_REMEMBERED) {
                BY_TOKEN.clear();
            }
            BY_TOKEN.put(raw, caller);
        }
        return caller;
    }

    /** When the bearer token of this request expires (null when it has no expiry, which the policy refuses). */
    public Instant tokenExpiresAt() {
        long exp = jwt.getExpirationTime();
        return exp <= 0 ? null : Instant.ofEpochSecond(exp);
    }

    private Caller read() {
        boolean operator = jwt.getGroups() != null && jwt.getGroups().contains(Caller.OPERATOR_ROLE);
        Object claim = jwt.getClaim(ACCOUNT_CLAIM);
        // BearerTokenPolicy refused a token whose claim is not one account id; this only reads it.
        String account =
                claim == null ? null : BearerTokenPolicy.accountOf(claim).orElse(null);
        String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
        return new Caller(subject == null ? "unknown" : subject, account, operator);
    }
}
