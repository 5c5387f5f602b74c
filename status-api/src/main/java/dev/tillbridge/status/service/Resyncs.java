package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.messaging.EventPublisher;
import dev.tillbridge.status.messaging.Outbox;
import dev.tillbridge.status.messaging.OutboxRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Resyncs of an integration (issue 16): a re-read of its orders from a date by the poller. A request is checked here
 * (not in the future, not before the maximum span, one at a time), kept in {@code integration_resync} and handed to
 * the poller as a command on {@code sync-requests} through the outbox, in one transaction; the poller's progress
 * records ({@code sync-cycles}) update the row, which the status document shows.
 */
@ApplicationScoped
public class Resyncs {

    private static final Logger LOG = Logger.getLogger(Resyncs.class);
    private static final String COLUMNS = "resync_id, from_at, up_to, read_up_to, force, orders_found, orders_sent,"
            + " state, message, requested_by, requested_at, cancel_requested_by, updated_at";

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final StatusApiConfig config;
    private final Event<ReadModelChanged> changes;

    public Resyncs(
            EntityManager em, Outbox outbox, Clock clock, StatusApiConfig config, Event<ReadModelChanged> changes) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.changes = changes;
    }

    /** Starts a resync from {@code from}: 422 for a date in the future or before the maximum span, 409 while one runs. */
    @Transactional
    public ResyncView start(Caller caller, IntegrationAccess.Owner owner, Instant from, boolean force) {
        Instant now = clock.instant();
        if (from.isAfter(now)) {
            throw new UnprocessableRequestException("from", "must not be in the future");
        }
        Instant earliest = now.minus(config.resync().maxSpan());
        if (from.isBefore(earliest)) {
            throw new UnprocessableRequestException(
                    "from",
                    "must be within the last " + config.resync().maxSpan().toDays() + " days (not before "
                            + earliest.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        // The status row, when there is one, serialises two requests for the same integration.
        em.createNativeQuery("SELECT 1 FROM integration_status WHERE integration_id = ?1 FOR UPDATE")
                .setParameter(1, owner.integrationId())
                .getResultList();
        if (active(owner.integrationId()).isPresent()) {
            throw new ConflictException("A resync of this integration is running; cancel it first "
                    + "(DELETE /api/v1/integrations/" + owner.integrationId() + "/resync).");
        }
        UUID resyncId = UUID.randomUUID();
        em.createNativeQuery("""
                        INSERT INTO integration_resync (resync_id, integration_id, account_id, from_at, force, state,
                                                        requested_by, requested_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, 'REQUESTED', ?6, ?7, ?7)""")
                .setParameter(1, resyncId)
                .setParameter(2, owner.integrationId())
                .setParameter(3, owner.accountId())
                .setParameter(4, Timestamp.from(from))
                .setParameter(5, force)
                .setParameter(6, caller.subject())
                .setParameter(7, Timestamp.from(now))
                .executeUpdate();
        var command = new ResyncRequested(owner.integrationId(), resyncId, from, force, caller.subject());
        outbox.add(OutboxRecord.event(
                Topics.SYNC_REQUESTS,
                owner.integrationId(),
                EventEnvelope.of(owner.accountId(), owner.integrationId(), command, clock),
                EventPublisher.SOURCE));
        log(
                owner,
                "Resync from " + MagentoTime.format(from) + " requested by " + caller.subject()
                        + (force ? " (orders released before are sent again as re-downloads)." : "."));
        LOG.infof(
                "Resync %s of integration %s from %s requested by %s",
                resyncId, owner.integrationId(), from, caller.subject());
        return changed(owner.integrationId(), resyncId);
    }

    /** Asks the poller to stop the running resync; 409 when none runs. The poller's record ends it (CANCELLED). */
    @Transactional
    public ResyncView cancel(Caller caller, IntegrationAccess.Owner owner) {
        ResyncView running = active(owner.integrationId())
                .orElseThrow(() -> new ConflictException("No resync of this integration is running."));
        em.createNativeQuery(
                        "UPDATE integration_resync SET cancel_requested_by = ?1, updated_at = ?2 WHERE resync_id = ?3")
                .setParameter(1, caller.subject())
                .setParameter(2, Timestamp.from(clock.instant()))
                .setParameter(3, running.resyncId())
                .executeUpdate();
        var command = new ResyncCancelRequested(owner.integrationId(), running.resyncId(), caller.subject());
        outbox.add(OutboxRecord.event(
                Topics.SYNC_REQUESTS,
                owner.integrationId(),
                EventEnvelope.of(owner.accountId(), owner.integrationId(), command, clock),
                EventPublisher.SOURCE));
        log(
                owner,
                "Cancel of the resync from " + MagentoTime.format(running.from()) + " requested by " + caller.subject()
                        + ".");
        return changed(owner.integrationId(), running.resyncId());
    }

    /** The integration's latest resync, if it ever had one. */
    public Optional<ResyncView> latest(String integrationId) {
        return first(em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM integration_resync WHERE integration_id = ?1 ORDER BY requested_at DESC LIMIT 1")
                .setParameter(1, integrationId)
                .getResultList());
    }

    /**
     * A progress record of the poller. A finished resync keeps its end; of two RUNNING records the one that read
     * further wins (records of one resync come from a consumer and a scheduler thread).
     */
    @Transactional
    public void apply(EventEnvelope<ResyncProgress> envelope) {
        ResyncProgress p = envelope.payload();
        Instant now = clock.instant();
        int updated = em.createNativeQuery("""
                        UPDATE integration_resync SET up_to = coalesce(?1, up_to), read_up_to = ?2, force = ?3,
                               orders_found = ?4, orders_sent = ?5, state = ?6, message = ?7, updated_at = ?8
                         WHERE resync_id = ?9 AND state IN ('REQUESTED', 'RUNNING')
                           AND (?6 <> 'RUNNING' OR read_up_to IS NULL OR cast(?2 AS timestamptz) >= read_up_to)""")
                .setParameter(1, at(p.upTo()))
                .setParameter(2, at(p.readUpTo()))
                .setParameter(3, p.force())
                .setParameter(4, p.ordersFound())
                .setParameter(5, p.ordersSent())
                .setParameter(6, p.state().name())
                .setParameter(7, p.message())
                .setParameter(8, Timestamp.from(now))
                .setParameter(9, p.resyncId())
                .executeUpdate();
        if (updated == 0) {
            boolean known = !em.createNativeQuery("SELECT 1 FROM integration_resync WHERE resync_id = ?1")
                    .setParameter(1, p.resyncId())
                    .getResultList()
                    .isEmpty();
            if (known) {
                return;
            }
            // A command this replica's database never saw (sent by a tool, or the row's integration was deleted):
            // shown all the same, unless another resync is active.
            if (p.state() == ResyncProgress.State.RUNNING
                    && active(p.integrationId()).isPresent()) {
                return;
            }
            em.createNativeQuery("""
                            INSERT INTO integration_resync (resync_id, integration_id, account_id, from_at, up_to,
                                   read_up_to, force, orders_found, orders_sent, state, message, requested_at, updated_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)""")
                    .setParameter(1, p.resyncId())
                    .setParameter(2, p.integrationId())
                    .setParameter(3, envelope.accountId())
                    .setParameter(4, Timestamp.from(p.from() == null ? envelope.occurredAt() : p.from()))
                    .setParameter(5, at(p.upTo()))
                    .setParameter(6, at(p.readUpTo()))
                    .setParameter(7, p.force())
                    .setParameter(8, p.ordersFound())
                    .setParameter(9, p.ordersSent())
                    .setParameter(10, p.state().name())
                    .setParameter(11, p.message())
                    .setParameter(12, Timestamp.from(envelope.occurredAt()))
                    .executeUpdate();
        }
        changed(p.integrationId(), p.resyncId());
    }

    private Optional<ResyncView> active(String integrationId) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + " FROM integration_resync"
                        + " WHERE integration_id = ?1 AND state IN ('REQUESTED', 'RUNNING')")
                .setParameter(1, integrationId)
                .getResultList());
    }

    private ResyncView changed(String integrationId, UUID resyncId) {
        ResyncView view = first(
                        em.createNativeQuery("SELECT " + COLUMNS + " FROM integration_resync WHERE resync_id = ?1")
                                .setParameter(1, resyncId)
                                .getResultList())
                .orElseThrow();
        changes.fire(new ReadModelChanged(integrationId, "resync", view));
        return view;
    }

    private void log(IntegrationAccess.Owner owner, String message) {
        LogEntry line = LogEntry.info(owner.integrationId(), LogService.TILLBRIDGE, EventPublisher.SOURCE, message);
        outbox.log(EventEnvelope.of(owner.accountId(), owner.integrationId(), line, clock));
    }

    /** A nullable instant, typed: an untyped null would reach PostgreSQL as bytea. */
    private static TypedParameterValue<Instant> at(Instant instant) {
        return new TypedParameterValue<>(StandardBasicTypes.INSTANT, instant);
    }

    private static Optional<ResyncView> first(List<?> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new ResyncView(
                (UUID) r[0],
                instant(r[1]),
                instant(r[2]),
                instant(r[3]),
                (Boolean) r[4],
                ((Number) r[5]).longValue(),
                ((Number) r[6]).longValue(),
                (String) r[7],
                (String) r[8],
                (String) r[9],
                instant(r[10]),
                r[11] != null,
                instant(r[12])));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
