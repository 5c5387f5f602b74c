package dev.tillbridge.status.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * SmallRye JWT's bearer-token mechanism, remembering the identity of a token it verified until the token
 * expires: a page that polls the status, or a dashboard at hundreds of reads a second, pays for the
 * signature check once per token, not once per request. Only the exact token string that was verified
 * matches; expiry is checked on every use. A verified token is also held to {@link BearerTokenPolicy} before it
 * becomes an identity.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements HttpAuthenticationMechanism {

    private static final int MAX_TOKENS = 10_000;
    private static final String BEARER = "Bearer ";

    private final JWTAuthMechanism delegate;
    private final BearerTokenPolicy policy;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokenCache(JWTAuthMechanism delegate, BearerTokenPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    private record Verified(SecurityIdentity identity, long expiresAtEpochSecond) {}

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return delegate.authenticate(context, identityProviderManager);
        }
        String token = header.substring(BEARER.length()).trim();
        long now = System.currentTimeMillis() / 1000;
        Verified hit = verified.get(token);
        if (hit != null) {
            if (hit.expiresAtEpochSecond() > now) {
                return Uni.createFrom().item(hit.identity());
            }
            verified.remove(token);
        }
        return delegate.authenticate(context, identityProviderManager)
                .invoke(identity -> refuseAgainstPolicy(identity, now))
                .invoke(identity -> remember(token, identity, now));
    }

    private void refuseAgainstPolicy(SecurityIdentity identity, long now) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt) {
            policy.refusal(jwt, now).ifPresent(why -> {
                throw new AuthenticationFailedException("The bearer token " + why);
            });
        }
    }

    private void remember(String token, SecurityIdentity identity, long now) {
        if (identity == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= now) {
            return;
        }
        if (verified.size() >= MAX_TOKENS) {
            verified.clear(); // crude but bounded: the next requests verify again
        }
        verified.put(token, new Verified(identity, jwt.getExpirationTime()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return delegate.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return delegate.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return delegate.getPriority() + 1;
    }
}
