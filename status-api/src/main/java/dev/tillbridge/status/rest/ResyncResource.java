package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.IntegrationAccess;
import dev.tillbridge.status.service.ResyncStart;
import dev.tillbridge.status.service.ResyncView;
import dev.tillbridge.status.service.Resyncs;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Resyncs (issue 16): the poller re-reads an integration's orders from a date, in the background. Same tenancy as
 * every route: a foreign or unknown integration is 404.
 */
@Path("/api/v1/integrations/{id}/resync")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class ResyncResource {

    private final Callers callers;
    private final IntegrationAccess access;
    private final Resyncs resyncs;

    public ResyncResource(Callers callers, IntegrationAccess access, Resyncs resyncs) {
        this.callers = callers;
        this.access = access;
        this.resyncs = resyncs;
    }

    /** The request body, for the OpenAPI document. */
    public record ResyncRequest(String from, Boolean force) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Read the orders again from a date: the poller re-reads Magento from `from` up to its watermark in "
                            + "the background; orders released before are sent again (as re-downloads) only with `force`. One "
                            + "at a time (409), `from` not in the future nor before the maximum span (422)")
    @RequestBody(content = @Content(schema = @Schema(implementation = ResyncRequest.class)))
    @APIResponse(
            responseCode = "202",
            description = "the resync, REQUESTED: the poller picks it up",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ResyncView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid JSON, an unknown field, `from` missing or not an instant, `force` not a boolean",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "no such integration, or another account's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "a resync of this integration is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "`from` in the future or before the maximum span (`tillbridge.status.resync.max-span`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@PathParam("id") String id, String body) {
        Caller caller = callers.current();
        IntegrationAccess.Owner owner = access.require(caller, id);
        ResyncStart request = ResyncStart.read(RequestBodies.json(body));
        ResyncView view = resyncs.start(caller, owner, request.from(), request.force());
        return Response.accepted(view).build();
    }

    @DELETE
    @Operation(summary = "Cancel the running resync (409 when none runs); it stops after the page it is reading")
    @APIResponse(
            responseCode = "202",
            description = "the running resync, with `cancelRequested`",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ResyncView.class)))
    @APIResponse(
            responseCode = "404",
            description = "no such integration, or another account's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "no resync of this integration is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String id) {
        Caller caller = callers.current();
        IntegrationAccess.Owner owner = access.require(caller, id);
        return Response.accepted(resyncs.cancel(caller, owner)).build();
    }

    @GET
    @Operation(summary = "The latest resync and its progress (204 when the integration never had one)")
    @APIResponse(
            responseCode = "200",
            description = "the latest resync",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ResyncView.class)))
    @APIResponse(responseCode = "204", description = "the integration never had a resync")
    @APIResponse(
            responseCode = "404",
            description = "no such integration, or another account's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response latest(@PathParam("id") String id) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        return resyncs.latest(owner.integrationId())
                .map(v -> Response.ok(v).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
