package dev.tillbridge.poller.resync;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code resync} table (migration V14): requests applied once, the one running resync per integration. */
public class ResyncRepository {

    private static final String COLUMNS = "resync_id, integration_id, account_id, from_at, up_to, force, requested_by,"
            + " state, cursor_time, cursor_id, orders_found, orders_sent, pages, failures, message";

    private final DataSource dataSource;

    public ResyncRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How a start request was taken. */
    public enum Start {
        STARTED,
        /** The same resync id was applied before (a redelivery). */
        SEEN,
        /** Another resync of the integration is running: one at a time. */
        BUSY
    }

    /**
     * Starts a resync unless its id is known or another runs; {@code upTo} is the regular watermark now (or now, when
     * no cycle committed one yet).
     */
    public Start start(
            UUID resyncId,
            String integrationId,
            String accountId,
            Instant from,
            boolean force,
            String requestedBy,
            Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // The integration's generation row serialises two requests of one integration.
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sync_generation (integration_id, generation) VALUES (?, 0)
                        ON CONFLICT (integration_id) DO UPDATE SET generation = sync_generation.generation""")) {
                    ps.setString(1, integrationId);
                    ps.executeUpdate();
                }
                if (find(c, resyncId).isPresent()) {
                    c.rollback();
                    return Start.SEEN;
                }
                boolean busy = running(c, integrationId).isPresent();
                Instant upTo = now;
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT watermark FROM sync_state WHERE integration_id = ?")) {
                    ps.setString(1, integrationId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) {
                            upTo = rs.getTimestamp(1).toInstant();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO resync (resync_id, integration_id, account_id, from_at, up_to, force, requested_by,
                                            state, cursor_time, next_run_at, started_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    ps.setObject(1, resyncId);
                    ps.setString(2, integrationId);
                    ps.setString(3, accountId);
                    ps.setTimestamp(4, Timestamp.from(from));
                    ps.setTimestamp(5, Timestamp.from(upTo));
                    ps.setBoolean(6, force);
                    ps.setString(7, requestedBy);
                    // A refused request is kept too, so that its redelivery after the other one ended starts nothing.
                    ps.setString(8, (busy ? ResyncProgress.State.FAILED : ResyncProgress.State.RUNNING).name());
                    ps.setTimestamp(9, Timestamp.from(from));
                    ps.setTimestamp(10, Timestamp.from(now));
                    ps.setTimestamp(11, Timestamp.from(now));
                    ps.setTimestamp(12, Timestamp.from(now));
                    ps.executeUpdate();
                }
                c.commit();
                return busy ? Start.BUSY : Start.STARTED;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot start resync " + resyncId, e);
        }
    }

    /** Ends a running resync as CANCELLED; empty when it is not running (finished, unknown, or cancelled before). */
    public Optional<Resync> cancel(UUID resyncId, Instant now) {
        return finish(resyncId, ResyncProgress.State.CANCELLED, null, now);
    }

    /** Ends a running resync in {@code state}; empty when it was not running. */
    public Optional<Resync> finish(UUID resyncId, ResyncProgress.State state, String message, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE resync SET state = ?, message = ?, owner = NULL,"
                        + " leased_until = NULL, updated_at = ? WHERE resync_id = ? AND state = 'RUNNING' RETURNING "
                        + COLUMNS)) {
            ps.setString(1, state.name());
            ps.setString(2, message);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, resyncId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot end resync " + resyncId, e);
        }
    }

    public Optional<Resync> find(UUID resyncId) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, resyncId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read resync " + resyncId, e);
        }
    }

    /** A resync claimed for one step, with its integration's configuration. */
    public record Claimed(Resync resync, IntegrationConfigured integration) {}

    /**
     * Leases up to {@code limit} running resyncs that are due and not leased by another replica, whose integration
     * is known and enabled: a replica that dies mid-step hands them over when the lease runs out.
     */
    public List<Claimed> claim(String owner, Instant now, Instant leasedUntil, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        WITH due AS (
                            SELECT r.resync_id FROM resync r JOIN integration_directory d USING (integration_id)
                             WHERE r.state = 'RUNNING' AND r.next_run_at <= ? AND d.enabled
                               AND (r.leased_until IS NULL OR r.leased_until < ?)
                             ORDER BY r.next_run_at LIMIT ? FOR UPDATE OF r SKIP LOCKED)
                        UPDATE resync r SET owner = ?, leased_until = ? FROM due, integration_directory d
                         WHERE r.resync_id = due.resync_id AND d.integration_id = r.integration_id
                        RETURNING d.config, r.resync_id, r.integration_id, r.account_id, r.from_at, r.up_to, r.force,
                                  r.requested_by, r.state, r.cursor_time, r.cursor_id, r.orders_found, r.orders_sent,
                                  r.pages, r.failures, r.message""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, limit);
            ps.setString(4, owner);
            ps.setTimestamp(5, Timestamp.from(leasedUntil));
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(read(rs, 2), parse(rs.getString(1))));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim resyncs", e);
        }
    }

    /**
     * Records a step's pages (after Kafka acknowledged its records) and releases the lease, only while the resync
     * still runs under {@code owner}: a resync cancelled or deleted meanwhile stays as it is. Empty in that case.
     */
    public Optional<Resync> advance(Resync step, String owner, Instant nextRunAt, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        UPDATE resync SET cursor_time = ?, cursor_id = ?, orders_found = ?, orders_sent = ?, pages = ?,
                               failures = ?, message = ?, state = ?, next_run_at = ?, updated_at = ?, owner = NULL,
                               leased_until = NULL
                         WHERE resync_id = ? AND state = 'RUNNING' AND owner IS NOT DISTINCT FROM ?
                        RETURNING\s""" + COLUMNS)) {
            ps.setTimestamp(1, Timestamp.from(step.cursorTime()));
            ps.setLong(2, step.cursorId());
            ps.setLong(3, step.ordersFound());
            ps.setLong(4, step.ordersSent());
            ps.setLong(5, step.pages());
            ps.setInt(6, step.failures());
            ps.setString(7, step.message());
            ps.setString(8, step.state().name());
            ps.setTimestamp(9, Timestamp.from(nextRunAt));
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setObject(11, step.resyncId());
            ps.setString(12, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the progress of resync " + step.resyncId(), e);
        }
    }

    private static Optional<Resync> find(Connection c, UUID resyncId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM resync WHERE resync_id = ?")) {
            ps.setObject(1, resyncId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<Resync> running(Connection c, String integrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM resync WHERE integration_id = ? AND state = 'RUNNING'")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Resync read(ResultSet rs) throws SQLException {
        return read(rs, 1);
    }

    private static Resync read(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new Resync(
                rs.getObject(i, UUID.class),
                rs.getString(i + 1),
                rs.getString(i + 2),
                rs.getTimestamp(i + 3).toInstant(),
                rs.getTimestamp(i + 4).toInstant(),
                rs.getBoolean(i + 5),
                rs.getString(i + 6),
                ResyncProgress.State.valueOf(rs.getString(i + 7)),
                rs.getTimestamp(i + 8).toInstant(),
                rs.getLong(i + 9),
                rs.getLong(i + 10),
                rs.getLong(i + 11),
                rs.getLong(i + 12),
                rs.getInt(i + 13),
                rs.getString(i + 14));
    }

    private static IntegrationConfigured parse(String json) {
        try {
            return EventJson.mapper().readValue(json, IntegrationConfigured.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored integration configuration is unreadable", e);
        }
    }
}
