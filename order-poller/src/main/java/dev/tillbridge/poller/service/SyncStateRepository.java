package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.events.order.OrderVersion;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * What the cycles keep per integration: {@code sync_state} (watermarks, back-off, the held alert, the marks of the
 * late-commit reconciliation), the versions inside the overlap ({@code published_version}) and the orders recorded
 * for the sweep ({@code published_recent}). Every write of a cycle is fenced by the integration's generation
 * ({@link SyncGenerations}); the schedule and leases are {@link PollSchedule}'s. Plain JDBC.
 */
public class SyncStateRepository {

    private final DataSource dataSource;

    /**
     * Tombstones this process applied, per id ({@link SyncGenerations#forget}). An idle cycle writes nothing to
     * PostgreSQL, so no generation check fences it; it compares this count instead. Every replica reads the
     * whole {@code integrations} topic and applies every tombstone itself.
     */
    private final Map<String, Long> forgets = new ConcurrentHashMap<>();

    public SyncStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many tombstones of {@code integrationId} this process applied: taken before a cycle loads its state. */
    public long forgets(String integrationId) {
        return forgets.getOrDefault(integrationId, 0L);
    }

    void forgotten(String integrationId) {
        forgets.merge(integrationId, 1L, Long::sum);
    }

    /** The integration's state, of its current generation (created at generation 0 the first time). */
    public SyncState load(String integrationId) {
        try (Connection c = dataSource.getConnection()) {
            SyncState state = select(c, integrationId);
            if (state != null) {
                // Every cycle after the first: one statement.
                return state;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_generation (integration_id, generation) VALUES (?, 0)
                    ON CONFLICT (integration_id) DO NOTHING""")) {
                ps.setString(1, integrationId);
                ps.executeUpdate();
            }
            state = select(c, integrationId);
            return state == null ? SyncState.initial(integrationId) : state;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the sync state of " + integrationId, e);
        }
    }

    /** The state of the current generation, or null while the integration has no generation row. */
    private static SyncState select(Connection c, String integrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.watermark, s.invoice_watermark, s.failures, s.alert_code, s.alert_first_seen,
                       s.alert_occurrences, s.max_entity_id, s.recorded_since, s.last_sweep_at, g.generation,
                       s.integration_id IS NOT NULL, s.invoices_read
                  FROM sync_generation g LEFT JOIN sync_state s ON s.integration_id = g.integration_id
                 WHERE g.integration_id = ?""")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long generation = rs.getLong(10);
                if (!rs.getBoolean(11)) {
                    return SyncState.initial(integrationId, generation);
                }
                return new SyncState(
                        integrationId,
                        instant(rs.getTimestamp(1)),
                        instant(rs.getTimestamp(2)),
                        rs.getInt(3),
                        held(rs.getString(4), instant(rs.getTimestamp(5)), rs.getInt(6)),
                        rs.getObject(7) == null ? null : rs.getLong(7),
                        instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9)),
                        generation,
                        ids(rs.getArray(12)));
            }
        }
    }

    /**
     * The alert a row holds. The row keeps its code, when it was first seen and how often; the message and the last
     * sighting are not kept: every failed cycle publishes its alert again ({@link CycleAlerts}), so the held alert
     * counts as published when first seen.
     */
    private static Held held(String code, Instant firstSeen, int occurrences) {
        return code == null
                ? null
                : new Held(AlertCode.valueOf(code), null, firstSeen, firstSeen, occurrences, firstSeen);
    }

    /** The versions the last cycle kept for its overlap (each commit replaces the whole set). */
    public Map<Long, OrderVersion> overlapVersions(String integrationId) {
        Map<Long, OrderVersion> versions = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT entity_id, updated_at, state, base_total_invoiced FROM published_version
                 WHERE integration_id = ?""")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    versions.put(
                            id,
                            new OrderVersion(id, rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getBigDecimal(4)));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read published versions of " + integrationId, e);
        }
    }

    /**
     * Each order published in the sweep span and the {@code updated_at} last published for it (what a sweep
     * compares Magento's answer with).
     */
    public Map<Long, Instant> publishedRecently(String integrationId) {
        Map<Long, Instant> published = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT entity_id, updated_at FROM published_recent WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    published.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
            return published;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read recently published orders of " + integrationId, e);
        }
    }

    /**
     * Moves the watermarks and the highest entity id, replaces the overlap versions and records what was published
     * (pruned to {@code sweepSpan} before the new watermark), in one transaction: the caller does this only after
     * Kafka acknowledged every record of the cycle. With an {@code owner}, only while it holds the lease.
     * {@code published} is what the cycle sent and the overlap versions it started with (sent earlier).
     * Only while {@code generation} is current: a cycle of a deleted incarnation throws {@link IncarnationEnded}.
     * A success ends any back-off: {@code next_run_at} becomes the commit's own time (no wait), and the schedule row
     * ({@link PollSchedule}) alone says when the integration is due. (It used to get this cycle's start plus the
     * interval, a moment after the schedule row's own due time and not rounded to the tick, so a cycle that found
     * anything waited one tick more than its interval: P2 measured cycles 3 s apart at a 2-s interval.)
     */
    public void commitCycle(
            String integrationId,
            long generation,
            String owner,
            CycleReport report,
            Map<Long, OrderVersion> versions,
            Map<Long, OrderVersion> published,
            Duration sweepSpan,
            Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Fencing: the lease row stays locked until commit, so it cannot change hands meanwhile.
                if (owner != null && !PollSchedule.holds(c, integrationId, owner)) {
                    c.rollback();
                    throw new LeaseLost(integrationId);
                }
                if (!SyncGenerations.holds(c, integrationId, generation)) {
                    c.rollback();
                    throw new IncarnationEnded(integrationId);
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sync_state (integration_id, watermark, invoice_watermark, next_run_at, failures, last_cycle_at,
                                                max_entity_id, recorded_since, last_sweep_at, invoices_read)
                        VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                        ON CONFLICT (integration_id) DO UPDATE SET watermark = EXCLUDED.watermark,
                            invoice_watermark = EXCLUDED.invoice_watermark, next_run_at = EXCLUDED.next_run_at,
                            failures = 0, last_cycle_at = EXCLUDED.last_cycle_at, max_entity_id = EXCLUDED.max_entity_id,
                            invoices_read = EXCLUDED.invoices_read,
                            recorded_since = COALESCE(sync_state.recorded_since, EXCLUDED.recorded_since),
                            last_sweep_at = CASE WHEN ? OR sync_state.last_sweep_at IS NULL THEN EXCLUDED.last_sweep_at
                                                 ELSE sync_state.last_sweep_at END""")) {
                    ps.setString(1, integrationId);
                    setInstant(ps, 2, report.newWatermark());
                    setInstant(ps, 3, report.newInvoiceWatermark());
                    // No wait beyond the schedule row's: the least wait is this commit's own time, passed by the next
                    // tick.
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setTimestamp(5, Timestamp.from(now));
                    if (report.maxEntityId() == null) {
                        ps.setNull(6, Types.BIGINT);
                    } else {
                        ps.setLong(6, report.maxEntityId());
                    }
                    // Recording starts with this cycle's window: a sweep never reaches before it.
                    ps.setTimestamp(7, Timestamp.from(report.windowFrom()));
                    // The first cycle counts as a sweep: everything since its window start is recorded.
                    ps.setTimestamp(8, Timestamp.from(now));
                    ps.setArray(
                            9,
                            c.createArrayOf(
                                    "bigint",
                                    report.invoicesRead() == null
                                            ? new Long[0]
                                            : report.invoicesRead().toArray(Long[]::new)));
                    ps.setBoolean(10, report.swept());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO published_recent (integration_id, entity_id, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (integration_id, entity_id) DO UPDATE SET updated_at = EXCLUDED.updated_at""")) {
                    for (OrderVersion v : published.values()) {
                        ps.setString(1, integrationId);
                        ps.setLong(2, v.entityId());
                        ps.setTimestamp(3, Timestamp.from(v.updatedAt()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                if (report.newWatermark() != null) {
                    // No later sweep starts before (watermark - span), so older records can go.
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM published_recent WHERE integration_id = ? AND updated_at < ?")) {
                        ps.setString(1, integrationId);
                        ps.setTimestamp(2, Timestamp.from(report.newWatermark().minus(sweepSpan)));
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM published_version WHERE integration_id = ?")) {
                    ps.setString(1, integrationId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO published_version (integration_id, entity_id, updated_at, state, base_total_invoiced)
                        VALUES (?, ?, ?, ?, ?)""")) {
                    for (OrderVersion v : versions.values()) {
                        ps.setString(1, integrationId);
                        ps.setLong(2, v.entityId());
                        ps.setTimestamp(3, Timestamp.from(v.updatedAt()));
                        ps.setString(4, v.state());
                        ps.setBigDecimal(5, v.baseTotalInvoiced());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot commit the cycle of " + integrationId, e);
        }
    }

    /** A failed cycle: the watermark stays; the next try waits, and the alert is held. */
    public void recordFailure(String integrationId, long generation, int failures, Instant nextRunAt, Held alert) {
        fenced(integrationId, generation, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_state (integration_id, next_run_at, failures, alert_code, alert_first_seen, alert_occurrences)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (integration_id) DO UPDATE SET next_run_at = EXCLUDED.next_run_at,
                        failures = EXCLUDED.failures, alert_code = EXCLUDED.alert_code,
                        alert_first_seen = EXCLUDED.alert_first_seen, alert_occurrences = EXCLUDED.alert_occurrences""")) {
                ps.setString(1, integrationId);
                ps.setTimestamp(2, Timestamp.from(nextRunAt));
                ps.setInt(3, failures);
                ps.setString(4, alert.code().name());
                ps.setTimestamp(5, Timestamp.from(alert.firstSeenAt()));
                ps.setInt(6, alert.occurrences());
                ps.executeUpdate();
            }
        });
    }

    /** A cycle that failed for a reason other than Magento: only the schedule changes. */
    public void postpone(String integrationId, long generation, int failures, Instant nextRunAt) {
        fenced(integrationId, generation, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_state (integration_id, next_run_at, failures) VALUES (?, ?, ?)
                    ON CONFLICT (integration_id) DO UPDATE SET next_run_at = EXCLUDED.next_run_at,
                        failures = EXCLUDED.failures""")) {
                ps.setString(1, integrationId);
                ps.setTimestamp(2, Timestamp.from(nextRunAt));
                ps.setInt(3, failures);
                ps.executeUpdate();
            }
        });
    }

    /** Forgets the held alert: only once the broker acknowledged its RESOLVED record. */
    public void clearAlert(String integrationId, long generation) {
        fenced(integrationId, generation, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sync_state SET alert_code = NULL, alert_first_seen = NULL, alert_occurrences = 0
                     WHERE integration_id = ?""")) {
                ps.setString(1, integrationId);
                ps.executeUpdate();
            }
        });
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** One write of a cycle, done only while its generation is current; after a tombstone it is dropped. */
    private void fenced(String integrationId, long generation, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (SyncGenerations.holds(c, integrationId, generation)) {
                    work.run(c);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the sync state of " + integrationId, e);
        }
    }

    public Instant watermark(String integrationId) {
        return load(integrationId).watermark();
    }

    private static Set<Long> ids(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Set<Long> ids = new HashSet<>();
        for (Object id : (Object[]) array.getArray()) {
            ids.add(((Number) id).longValue());
        }
        return Set.copyOf(ids);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }
}
