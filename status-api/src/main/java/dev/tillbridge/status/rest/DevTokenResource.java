package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.DevTokenIssuer;
import dev.tillbridge.status.service.InvalidRequestException;
import jakarta.annotation.security.PermitAll;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Demo tokens for the local stack (config {@code tillbridge.dev-tokens.enabled}; off in prod, where this
 * answers 404 like any unknown path).
 */
@Path("/api/v1/dev")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dev")
public class DevTokenResource {

    private final DevTokenIssuer issuer;
    private final EntityManager em;

    public DevTokenResource(DevTokenIssuer issuer, EntityManager em) {
        this.issuer = issuer;
        this.em = em;
    }

    @POST
    @Path("/token")
    @Operation(summary = "Dev/local only: a demo token for an account (?account=) or an operator (?operator=true)")
    public Response token(@QueryParam("account") String account, @QueryParam("operator") boolean operator) {
        requireEnabled();
        if (!operator && (account == null || !Caller.ACCOUNT_ID.matcher(account).matches())) {
            throw InvalidRequestException.of("account", "is required: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (account != null && !Caller.ACCOUNT_ID.matcher(account).matches()) {
            throw InvalidRequestException.of("account", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String subject = operator ? "demo-operator" : "demo-" + account;
        DevTokenIssuer.IssuedToken token = issuer.issue(account, operator, subject);
        return Response.ok(Map.of(
                        "token",
                        token.token(),
                        "expiresAt",
                        token.expiresAt().toString(),
                        "account",
                        account == null ? "" : account,
                        "operator",
                        operator))
                .build();
    }

    @GET
    @Path("/accounts")
    @Operation(summary = "Dev/local only: the accounts that have integrations, for the pages' account picker")
    public List<?> accounts() {
        requireEnabled();
        return em.createNativeQuery("""
                SELECT DISTINCT account_id FROM integration_status WHERE configured AND NOT deleted ORDER BY account_id
                """).getResultList();
    }

    private void requireEnabled() {
        if (!issuer.enabled()) {
            throw new NotFoundException();
        }
    }
}
