package dev.tillbridge.status.rest;

import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.ControlPlane;
import dev.tillbridge.status.service.IdCursor;
import dev.tillbridge.status.service.IntegrationChange;
import dev.tillbridge.status.service.IntegrationView;
import dev.tillbridge.status.service.Page;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The integrations themselves, under {@code /api/v1/integrations}: the settings page's list, create, read, change
 * and delete. Every call needs a bearer token; an integration of another account answers 404 exactly like one that
 * does not exist ({@code ControlPlane} asks the tenancy gate). What the Status and Logs pages read is served by
 * {@link StatusResource}, {@link LiveEventsResource}, {@link LogsResource}, {@link OrdersResource} and
 * {@link ResyncResource}.
 */
@Path("/api/v1/integrations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class IntegrationResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final Callers callers;
    private final ControlPlane controlPlane;
    private final StatusApiConfig config;

    public IntegrationResource(Callers callers, ControlPlane controlPlane, StatusApiConfig config) {
        this.callers = callers;
        this.controlPlane = controlPlane;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "The integrations the caller may see (an operator: all), in id order; page with the cursor "
                    + "returned (nextCursor)")
    public Page<IntegrationView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return controlPlane.list(
                callers.current(),
                cursor == null || cursor.isEmpty() ? null : IdCursor.decode(cursor),
                QueryParameters.limit(limit, config));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an integration; publishes its configuration (revision 1) to `integrations`")
    @RequestBody(content = @Content(schema = @Schema(implementation = IntegrationRequestSchema.class)))
    public Response create(String body, @Context UriInfo uri) {
        IntegrationView created =
                controlPlane.create(callers.current(), IntegrationChange.forCreate(RequestBodies.json(body)));
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.integrationId())
                        .build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One integration's settings (credentials are never returned)")
    public IntegrationView get(@PathParam("id") String id) {
        return controlPlane.get(callers.current(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Operation(
            summary = "Change settings (JSON merge patch): download mode, interval, e-mails, store ids, start "
                    + "date, enabled, credentials (write-only); publishes the next revision")
    @RequestBody(content = @Content(schema = @Schema(implementation = IntegrationRequestSchema.class)))
    public IntegrationView update(@PathParam("id") String id, String body) {
        return controlPlane.update(callers.current(), id, IntegrationChange.forUpdate(RequestBodies.json(body)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Disable the integration, then delete it (tombstone on `integrations`)")
    public Response delete(@PathParam("id") String id) {
        controlPlane.delete(callers.current(), id);
        return Response.noContent().build();
    }
}
