package dev.tillbridge.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.Caller;
import dev.tillbridge.status.service.IntegrationAccess;
import dev.tillbridge.status.service.LiveEvents;
import dev.tillbridge.status.service.LiveStreamAccess;
import dev.tillbridge.status.service.Quotas;
import dev.tillbridge.status.service.ReadModelChanged;
import dev.tillbridge.status.service.StatusDocument;
import dev.tillbridge.status.service.StatusDocuments;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One integration's changes as Server-Sent Events, for the Status page. Opened through the tenancy gate like every
 * route; the stream then lives only while {@link LiveStreamAccess} still allows it (token not expired, the same
 * integration, still the caller's).
 */
@Path("/api/v1/integrations/{id}/events")
@Authenticated
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class LiveEventsResource {

    private final Callers callers;
    private final IntegrationAccess access;
    private final StatusDocuments statusDocuments;
    private final LiveEvents liveEvents;
    private final LiveStreamAccess streamAccess;
    private final Quotas quotas;
    private final ObjectMapper mapper;
    private final StatusApiConfig config;

    public LiveEventsResource(
            Callers callers,
            IntegrationAccess access,
            StatusDocuments statusDocuments,
            LiveEvents liveEvents,
            LiveStreamAccess streamAccess,
            Quotas quotas,
            ObjectMapper mapper,
            StatusApiConfig config) {
        this.callers = callers;
        this.access = access;
        this.statusDocuments = statusDocuments;
        this.liveEvents = liveEvents;
        this.streamAccess = streamAccess;
        this.quotas = quotas;
        this.mapper = mapper;
        this.config = config;
    }

    @GET
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
}
