package dev.tillbridge.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.ControlPlane;
import dev.tillbridge.status.service.IntegrationAccess;
import dev.tillbridge.status.service.IntegrationChange;
import dev.tillbridge.status.service.IntegrationView;
import dev.tillbridge.status.service.InvalidRequestException;
import dev.tillbridge.status.service.LiveEvents;
import dev.tillbridge.status.service.LiveStreamAccess;
import dev.tillbridge.status.service.LogQuery;
import dev.tillbridge.status.service.OrderStories;
import dev.tillbridge.status.service.OrderStory;
import dev.tillbridge.status.service.Page;
import dev.tillbridge.status.service.PageCursor;
import dev.tillbridge.status.service.Quotas;
import dev.tillbridge.status.service.ReadModelChanged;
import dev.tillbridge.status.service.ReadModelQueries;
import dev.tillbridge.status.service.StatusDocument;
import dev.tillbridge.status.service.StatusDocuments;
import dev.tillbridge.status.service.StorableInstants;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API behind the Status, Logs and settings pages, under {@code /api/v1/integrations}. Every call needs
 * a bearer token; an integration of another account answers 404 exactly like one that does not exist.
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
    private final IntegrationAccess access;
    private final StatusDocuments statusDocuments;
    private final ReadModelQueries queries;
    private final LiveEvents liveEvents;
    private final ObjectMapper mapper;
    private final StatusApiConfig config;
    private final LiveStreamAccess streamAccess;
    private final Quotas quotas;
    private final OrderStories stories;

    public IntegrationResource(
            Callers callers,
            ControlPlane controlPlane,
            IntegrationAccess access,
            StatusDocuments statusDocuments,
            ReadModelQueries queries,
            LiveEvents liveEvents,
            ObjectMapper mapper,
            StatusApiConfig config,
            LiveStreamAccess streamAccess,
            Quotas quotas,
            OrderStories stories) {
        this.stories = stories;
        this.streamAccess = streamAccess;
        this.quotas = quotas;
        this.callers = callers;
        this.controlPlane = controlPlane;
        this.access = access;
        this.statusDocuments = statusDocuments;
        this.queries = queries;
        this.liveEvents = liveEvents;
        this.mapper = mapper;
        this.config = config;
    }

    @GET
    @Operation(summary = "The integrations the caller may see (an operator: all)")
    public List<IntegrationView> list() {
        return controlPlane.list(callers.current());
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

    @GET
    @Path("/{id}/status")
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

    @GET
    @Path("/{id}/logs")
    @Operation(summary = "Log lines, newest first: filter by service and type, page with the cursor returned")
    public Page<ReadModelQueries.LogLineView> logs(
            @PathParam("id") String id,
            @QueryParam("service") String service,
            @QueryParam("type") String type,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        LogQuery query = new LogQuery(
                enumParam("service", service, LogService.class),
                enumParam("type", type, LogType.class),
                instantParam("since", since),
                limit(limit),
                cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor));
        return queries.logs(owner.integrationId(), query);
    }

    @GET
    @Path("/{id}/orders/skipped")
    @Operation(summary = "Orders currently skipped, newest first, with the reason and what to do")
    public Page<ReadModelQueries.SkippedOrderView> skipped(
            @PathParam("id") String id,
            @QueryParam("reason") String reason,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        return queries.skipped(
                owner.integrationId(),
                enumParam("reason", reason, SkipReason.class),
                limit(limit),
                cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor));
    }

    @GET
    @Path("/{id}/orders/{ref}")
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
    @Path("/{id}/orders/{entityId}/redownload")
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
        RedownloadRequested request = controlPlane.redownload(caller, owner, entity);
        return Response.accepted(Map.of(
                        "integrationId",
                        request.integrationId(),
                        "entityId",
                        request.entityId(),
                        "requestedBy",
                        request.requestedBy()))
                .build();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            summary =
                    "Server-Sent Events: `status` (the whole document, first), then `progress`, `cycle`, "
                            + "`alert`, `orders` and `integration` changes as they are read, and `ping` to keep the stream open")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        Caller caller = callers.current();
        IntegrationAccess.Owner owner = access.require(caller, id);
        Quotas.StreamLease lease = quotas.openStream(caller);
        var stream = new LiveStreamAccess.Opened(
                caller, owner.integrationId(), access.incarnation(owner.integrationId()), callers.tokenExpiresAt());
        StatusDocument initial = statusDocuments.document(owner);
        // An empty item ends the stream: the token expired, or the integration is no longer the caller's one.
        Multi<Optional<OutboundSseEvent>> first = Multi.createFrom().item(Optional.of(event(sse, "status", initial)));
        Multi<Optional<OutboundSseEvent>> changes = liveEvents
                .of(owner.integrationId())
                .map(change -> allowed(stream, change)
                        ? Optional.of(event(sse, change.kind(), payload(change)))
                        : Optional.<OutboundSseEvent>empty());
        Multi<Optional<OutboundSseEvent>> pings = Multi.createFrom()
                .ticks()
                .every(config.sseKeepAlive())
                .map(tick -> streamAccess.tokenValid(stream)
                        ? Optional.of(event(sse, "ping", Map.of("at", Instant.now())))
                        : Optional.<OutboundSseEvent>empty());
        Multi<Optional<OutboundSseEvent>> rechecks = Multi.createFrom()
                .ticks()
                .every(config.sseRecheck())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .filter(tick -> !streamAccess.stillAllowed(stream))
                .map(tick -> Optional.<OutboundSseEvent>empty());
        Multi<Optional<OutboundSseEvent>> expiry = stream.tokenExpiresAt() == null
                ? Multi.createFrom().empty()
                : Uni.createFrom()
                        .item(Optional.<OutboundSseEvent>empty())
                        .onItem()
                        .delayIt()
                        .by(Duration.between(Instant.now(), stream.tokenExpiresAt())
                                .plusMillis(1))
                        .toMulti();
        return Multi.createBy()
                .merging()
                .streams(first, changes, pings, rechecks, expiry)
                .select()
                .first(Optional::isPresent)
                .map(Optional::get)
                .onTermination()
                .invoke(lease::close);
    }

    /** Every event re-checks the token; an integration change (deletion, re-creation, owner) re-checks ownership. */
    private boolean allowed(LiveStreamAccess.Opened stream, ReadModelChanged change) {
        return "integration".equals(change.kind())
                ? streamAccess.stillAllowed(stream)
                : streamAccess.tokenValid(stream);
    }

    private static Object payload(ReadModelChanged change) {
        return change.data() == null ? Map.of("integrationId", change.integrationId()) : change.data();
    }

    private OutboundSseEvent event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder()
                    .name(name)
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, mapper.writeValueAsString(data))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a " + name + " event", e);
        }
    }

    private int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.paging().defaultLimit();
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= config.paging().maxLimit()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw InvalidRequestException.of(
                "limit", "must be a whole number from 1 to " + config.paging().maxLimit());
    }

    private static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Instant instantParam(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return StorableInstants.parse(name, value);
    }
}
