package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.StatusDocument;
import dev.tillbridge.status.service.StatusDocuments;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Status page's document of one integration. A foreign or unknown integration is 404, as on every route; the
 * precomputed document is checked by the same gate ({@code IntegrationAccess.visible}).
 */
@Path("/api/v1/integrations/{id}/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class StatusResource {

    private final Callers callers;
    private final StatusDocuments statusDocuments;

    public StatusResource(Callers callers, StatusDocuments statusDocuments) {
        this.callers = callers;
        this.statusDocuments = statusDocuments;
    }

    @GET
    @Operation(summary = "Everything the Status page shows about the integration, in one document")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StatusDocument.class)))
    public Uni<Response> status(@PathParam("id") String id) {
        // Precomputed and serialised: answered on the I/O thread while the integration is unchanged; only a
        // rebuild goes to a worker thread for the database.
        Caller caller = callers.current();
        Optional<byte[]> cached = statusDocuments.cachedJson(caller, id);
        if (cached.isPresent()) {
            return Uni.createFrom().item(json(cached.get()));
        }
        return Uni.createFrom()
                .item(() -> json(statusDocuments.json(caller, id)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
