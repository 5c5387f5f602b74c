package dev.tillbridge.status.rest;

import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.IntegrationAccess;
import dev.tillbridge.status.service.InvalidRequestException;
import dev.tillbridge.status.service.OrderStories;
import dev.tillbridge.status.service.OrderStory;
import dev.tillbridge.status.service.Page;
import dev.tillbridge.status.service.Quotas;
import dev.tillbridge.status.service.ReadModelQueries;
import dev.tillbridge.status.service.Redownloads;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One integration's orders: the ones skipped, one order's story, and a re-download. A foreign or unknown
 * integration is 404, as on every route.
 */
@Path("/api/v1/integrations/{id}/orders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class OrdersResource {

    private final Callers callers;
    private final IntegrationAccess access;
    private final ReadModelQueries queries;
    private final OrderStories stories;
    private final Redownloads redownloads;
    private final Quotas quotas;
    private final StatusApiConfig config;

    public OrdersResource(
            Callers callers,
            IntegrationAccess access,
            ReadModelQueries queries,
            OrderStories stories,
            Redownloads redownloads,
            Quotas quotas,
            StatusApiConfig config) {
        this.callers = callers;
        this.access = access;
        this.queries = queries;
        this.stories = stories;
        this.redownloads = redownloads;
        this.quotas = quotas;
        this.config = config;
    }

    @GET
    @Path("/skipped")
    @Operation(summary = "Orders currently skipped, newest first, with the reason and what to do")
    public Page<ReadModelQueries.SkippedOrderView> skipped(
            @PathParam("id") String id,
            @QueryParam("reason") String reason,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        return queries.skipped(
                owner.integrationId(),
                QueryParameters.enumeration("reason", reason, SkipReason.class),
                QueryParameters.limit(limit, config),
                QueryParameters.cursor(cursor));
    }

    @GET
    @Path("/{ref}")
    @Operation(
            summary = "One order's story, oldest first: every version seen (cycle, updated_at, state, invoiced "
                    + "total), each decision (released, skipped with reason and advice, decided again), the Auto-Invoice "
                    + "outcome, re-downloads, and the release's partition and offset on `filtered-orders`. `ref` is the Magento "
                    + "entity id or the increment id (`000000123`, or `#000000123` sent as `%23000000123`). An order "
                    + "Tillbridge has no fact about answers 200 with `seen: false` and the likely reasons in `notSeen`")
    @APIResponse(
            responseCode = "200",
            description = "the story, or `seen: false` with `notSeen`",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OrderStory.class)))
    @APIResponse(
            responseCode = "400",
            description = "`ref` cannot name an order (problem+json naming `ref`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "no such integration, or another account's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OrderStory orderStory(@PathParam("id") String id, @PathParam("ref") String ref) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        return stories.story(owner.integrationId(), ref);
    }

    @POST
    @Path("/{entityId}/redownload")
    @Operation(summary = "Download one order again: publishes RedownloadRequested to `raw-orders` and an Info log line")
    public Response redownload(@PathParam("id") String id, @PathParam("entityId") String entityId) {
        Caller caller = callers.current();
        IntegrationAccess.Owner owner = access.require(caller, id);
        long entity;
        try {
            entity = Long.parseLong(entityId);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("entityId", "must be a Magento order entity id (a positive number)");
        }
        quotas.countRedownload(owner.accountId());
        RedownloadRequested request = redownloads.request(caller, owner, entity);
        return Response.accepted(Map.of(
                        "integrationId",
                        request.integrationId(),
                        "entityId",
                        request.entityId(),
                        "requestedBy",
                        request.requestedBy()))
                .build();
    }
}
