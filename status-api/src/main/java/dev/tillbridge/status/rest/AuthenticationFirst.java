package dev.tillbridge.status.rest;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The integrations API authenticates before it picks a method: without this, a request without a token
 * that asks for the wrong media type ({@code /events} with {@code Accept: application/json}) learns 406
 * about an endpoint it may not see, instead of 401. Authentication stays lazy for everything else
 * ({@code quarkus.http.auth.proactive=false}), so its failures are problem+json like every error.
 */
public class AuthenticationFirst {

    private static final String PROTECTED = "api/v1/integrations";

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> authenticate(ContainerRequestContext request) {
        if (!isProtected(request.getUriInfo().getPath())) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().onItem().transform(identity -> {
            if (identity == null || identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            return null;
        });
    }

    static boolean isProtected(String path) {
        String relative = path.replaceFirst("^/+", "");
        return relative.equals(PROTECTED) || relative.startsWith(PROTECTED + "/");
    }
}
