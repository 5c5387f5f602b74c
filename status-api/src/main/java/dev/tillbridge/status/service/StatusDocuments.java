package dev.tillbridge.status.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.ControlledIntegration;
import dev.tillbridge.status.model.IntegrationStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the status document of one integration and keeps the last one built, serialised, so a read of an
 * unchanged integration costs no database work at all (the Status page polls it, the benchmark reads it at
 * 500/s). A change this replica applies evicts the document when its transaction commits; a change applied
 * by another replica, and the turn of the day in the counts, show once the document is older than
 * {@code tillbridge.status.status-cache-ttl}.
 */
@ApplicationScoped
public class StatusDocuments {

    private final EntityManager em;
    private final Clock clock;
    private final StatusApiConfig config;
    private final IntegrationAccess access;
    private final ObjectMapper mapper;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Cached>> building = new ConcurrentHashMap<>();
    // Moves on every eviction, so a document built while a change committed is not cached as current.
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    private final Resyncs resyncs;

    public StatusDocuments(
            EntityManager em,
            Clock clock,
            StatusApiConfig config,
            IntegrationAccess access,
            ObjectMapper mapper,
            Resyncs resyncs) {
        this.resyncs = resyncs;
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.access = access;
        this.mapper = mapper;
    }

    private record Cached(Instant builtAt, IntegrationAccess.Owner owner, StatusDocument document, byte[] json) {}

    /**
     * The precomputed document as JSON, when there is a current one: no database work, safe on an I/O thread.
     *
     * @throws IntegrationNotFoundException when the caller may not see it
     */
    public Optional<byte[]> cachedJson(Caller caller, String integrationId) {
        Cached cached = cache.get(integrationId);
        if (cached == null || !fresh(cached)) {
            return Optional.empty();
        }
        IntegrationAccess.visible(caller, integrationId, cached.owner());
        return Optional.of(cached.json());
    }

    /**
     * The status document as JSON, for a caller allowed to see it (else not found, like an unknown id).
     * Concurrent readers of a document that needs building wait for one build instead of each running it.
     */
    @ActivateRequestContext
    public byte[] json(Caller caller, String integrationId) {
        Optional<byte[]> cached = cachedJson(caller, integrationId);
        if (cached.isPresent()) {
            return cached.get();
        }
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> running = building.putIfAbsent(integrationId, mine);
        Cached built;
        if (running == null) {
            try {
                IntegrationAccess.Owner owner = access.find(integrationId);
                built = owner == null ? null : load(owner);
                mine.complete(built);
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                building.remove(integrationId, mine);
            }
        } else {
            built = running.join();
        }
        IntegrationAccess.visible(caller, integrationId, built == null ? null : built.owner());
        return built.json();
    }

    /** The status document of an integration the caller was already allowed to see. */
    public StatusDocument document(IntegrationAccess.Owner owner) {
        Cached cached = cache.get(owner.integrationId());
        return cached != null && fresh(cached) ? cached.document() : load(owner).document();
    }

    private boolean fresh(Cached cached) {
        return cached.builtAt().plus(config.statusCacheTtl()).isAfter(clock.instant());
    }

    private Cached load(IntegrationAccess.Owner owner) {
        AtomicLong generation = generations.computeIfAbsent(owner.integrationId(), id -> new AtomicLong());
        long before = generation.get();
        Instant now = clock.instant();
        StatusDocument document = build(owner.integrationId(), owner.accountId(), now);
        Cached built;
        try {
            // The account the document shows is the one a reader must see.
            IntegrationAccess.Owner shown =
                    new IntegrationAccess.Owner(owner.integrationId(), document.accountId(), owner.version());
            built = new Cached(now, shown, document, mapper.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the status of " + owner.integrationId(), e);
        }
        if (generation.get() == before) {
            cache.put(owner.integrationId(), built);
        }
        return built;
    }

    void evict(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReadModelChanged change) {
        generations
                .computeIfAbsent(change.integrationId(), id -> new AtomicLong())
                .incrementAndGet();
        cache.remove(change.integrationId());
    }

    private StatusDocument build(String integrationId, String accountId, Instant now) {
        IntegrationStatus s = em.find(IntegrationStatus.class, integrationId);
        if (s == null) {
            // Created by the control plane a moment ago; nothing has been read back yet.
            ControlledIntegration c = ControlledIntegration.findById(integrationId);
            s = new IntegrationStatus();
            s.integrationId = integrationId;
            s.accountId = accountId;
            s.configured = c != null;
            s.enabled = true;
            s.version = -1;
        }
        Instant today = LocalDate.ofInstant(now, config.timeZone())
                .atStartOfDay(config.timeZone())
                .toInstant();
        Instant weekAgo = now.minus(Duration.ofDays(7));
        return new StatusDocument(
                s.integrationId,
                s.accountId,
                s.name,
                s.configured,
                s.enabled,
                s.downloadMode,
                s.syncIntervalSeconds,
                s.version,
                now,
                StatusDocument.MagentoActivity.of(s),
                StatusDocument.PosActivity.of(s, s.posName),
                StatusDocument.SyncCycleView.of(s),
                StatusDocument.ProductRunView.of(s),
                orderCounts(integrationId, today, weekAgo),
                activeAlerts(integrationId),
                resyncs.latest(integrationId).orElse(null));
    }

    private StatusDocument.OrderCounts orderCounts(String integrationId, Instant today, Instant weekAgo) {
        Object[] downloaded = (Object[]) em.createNativeQuery("""
                        SELECT count(*) FILTER (WHERE last_downloaded_at >= ?2), count(*)
                          FROM downloaded_order WHERE integration_id = ?1 AND last_downloaded_at >= ?3
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, today)
                .setParameter(3, weekAgo)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> skippedRows = em.createNativeQuery("""
                        SELECT reason, bool_or(final_decision), count(*) FILTER (WHERE skipped_at >= ?2), count(*)
                          FROM skipped_order WHERE integration_id = ?1 AND skipped_at >= ?3
                         GROUP BY reason ORDER BY count(*) DESC, reason
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, today)
                .setParameter(3, weekAgo)
                .getResultList();
        List<StatusDocument.SkipReasonCount> byReason = new ArrayList<>();
        long skippedToday = 0;
        long skippedWeek = 0;
        for (Object[] row : skippedRows) {
            String reason = (String) row[0];
            long todayCount = ((Number) row[2]).longValue();
            long weekCount = ((Number) row[3]).longValue();
            skippedToday += todayCount;
            skippedWeek += weekCount;
            SkipReason known = known(reason);
            byReason.add(new StatusDocument.SkipReasonCount(
                    reason,
                    Boolean.TRUE.equals(row[1]),
                    known == null ? null : known.sentence(),
                    known == null ? null : known.advice(),
                    todayCount,
                    weekCount));
        }
        return new StatusDocument.OrderCounts(
                new StatusDocument.Count(((Number) downloaded[0]).longValue(), ((Number) downloaded[1]).longValue()),
                new StatusDocument.Count(skippedToday, skippedWeek),
                byReason);
    }

    private static SkipReason known(String reason) {
        try {
            return SkipReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private List<StatusDocument.AlertView> activeAlerts(String integrationId) {
        return AlertStateRow.<AlertStateRow>find(
                        "id.integrationId = ?1 and state = 'RAISED'", Sort.descending("lastSeenAt"), integrationId)
                .stream()
                .map(StatusDocument.AlertView::of)
                .toList();
    }
}
