package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@code poll_lease} table: per integration who polls it now ({@code owner} until {@code expires_at}) and when
 * it is due next ({@code next_run_at}). Replicas share the fleet by claiming what the others have not; a cycle's
 * watermark commit is fenced by the same row ({@link #holds}). Plain JDBC.
 */
public class PollSchedule {

    private final DataSource dataSource;
    /** Parsed directory entries by id, with the JSON they came from: a claim parses only what changed. */
    private final Map<String, Map.Entry<String, IntegrationConfigured>> parsed = new ConcurrentHashMap<>();

    /** An integration whose cycle this replica claimed. */
    public record Claimed(IntegrationConfigured integration) {}

    public PollSchedule(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code limit} enabled integrations that are due (their schedule row's {@code next_run_at} and any
     * back-off in {@code sync_state} have passed) and not leased, except {@code running}: in one statement, each
     * claimed row gets the lease ({@code owner} until {@code until}) and {@code next_run_at = until}, so a replica
     * that dies mid-cycle hands the integration over when the lease runs out. Rows are re-checked under their lock
     * ({@code ON CONFLICT ... WHERE}), so two replicas never both win one; the oldest due come first.
     * <p>
     * Due times are rounded to the nearest {@code tick}: a tick also claims what falls due before the next tick is
     * half-way. Rounding up instead, a cycle that started just after a tick would be due just after the tick an
     * interval later and wait for the one after it, so every interval would grow by most of a tick (P6 measured
     * lateness p50 1.0 s at a 1-s tick). A lease still has to have run out by {@code now}, and a failure's back-off
     * ({@code sync_state.next_run_at}) is a least wait: it is not rounded.
     */
    public List<Claimed> claimDue(
            String owner, Instant now, Duration tick, Instant until, int limit, List<String> running) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                WITH due AS (
                    SELECT d.integration_id, d.config
                      FROM integration_directory d
                      LEFT JOIN poll_lease l ON l.integration_id = d.integration_id
                      LEFT JOIN sync_state s ON s.integration_id = d.integration_id
                     WHERE d.enabled
                       AND (l.integration_id IS NULL OR (l.next_run_at <= ? AND (l.owner IS NULL OR l.expires_at < ?)))
                       AND (s.next_run_at IS NULL OR s.next_run_at <= ?)
                       AND d.integration_id <> ALL (?::text[])
                     ORDER BY l.next_run_at NULLS FIRST
                     LIMIT ?
                ), claimed AS (
                    INSERT INTO poll_lease (integration_id, owner, expires_at, next_run_at)
                    SELECT integration_id, ?, ?, ? FROM due
                    ON CONFLICT (integration_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,
                        next_run_at = EXCLUDED.next_run_at
                     WHERE poll_lease.next_run_at <= ? AND (poll_lease.owner IS NULL OR poll_lease.expires_at < ?)
                    RETURNING integration_id
                )
                SELECT due.integration_id, due.config FROM due JOIN claimed USING (integration_id)""")) {
            Timestamp nowTs = Timestamp.from(now);
            Timestamp dueByTs = Timestamp.from(now.plus(tick.dividedBy(2)));
            Timestamp untilTs = Timestamp.from(until);
            ps.setTimestamp(1, dueByTs);
            ps.setTimestamp(2, nowTs);
            ps.setTimestamp(3, nowTs);
            ps.setArray(4, c.createArrayOf("text", running.toArray()));
            ps.setInt(5, limit);
            ps.setString(6, owner);
            ps.setTimestamp(7, untilTs);
            ps.setTimestamp(8, untilTs);
            ps.setTimestamp(9, dueByTs);
            ps.setTimestamp(10, nowTs);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(parse(rs.getString(1), rs.getString(2))));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim due integrations", e);
        }
    }

    private IntegrationConfigured parse(String integrationId, String json) {
        var known = parsed.get(integrationId);
        if (known != null && known.getKey().equals(json)) {
            return known.getValue();
        }
        try {
            IntegrationConfigured config = EventJson.mapper().readValue(json, IntegrationConfigured.class);
            parsed.put(integrationId, Map.entry(json, config));
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable directory entry of " + integrationId, e);
        }
    }

    /** Extends the leases this replica holds on {@code integrationIds}; answers those it still held. */
    public Set<String> renewLeases(List<String> integrationIds, String owner, Instant until) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE poll_lease SET expires_at = ? WHERE integration_id = ANY (?::text[]) AND owner = ?
                RETURNING integration_id""")) {
            ps.setTimestamp(1, Timestamp.from(until));
            ps.setArray(2, c.createArrayOf("text", integrationIds.toArray()));
            ps.setString(3, owner);
            Set<String> renewed = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    renewed.add(rs.getString(1));
                }
            }
            return renewed;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot renew leases", e);
        }
    }

    /** A claimed cycle that ended: the integration, due again at {@code nextRunAt}. */
    public record Finished(String integrationId, Instant nextRunAt) {}

    /**
     * The end of claimed cycles, in one statement: each lease released and its next run set, where this replica
     * still held it.
     */
    public void finish(List<Finished> ended, String owner) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE poll_lease l SET owner = NULL, expires_at = NULL, next_run_at = f.next_run_at
                  FROM unnest(?::text[], ?::timestamptz[]) AS f (integration_id, next_run_at)
                 WHERE l.integration_id = f.integration_id AND l.owner = ?""")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "text", ended.stream().map(Finished::integrationId).toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "timestamptz",
                            ended.stream()
                                    .map(f -> Timestamp.from(f.nextRunAt()))
                                    .toArray()));
            ps.setString(3, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot release the leases of " + ended.size() + " cycles", e);
        }
    }

    /**
     * Inside the caller's transaction: whether {@code owner} holds the integration's lease, and if so the lease row
     * locked until commit, so it cannot change hands meanwhile.
     */
    static boolean holds(Connection c, String integrationId, String owner) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM poll_lease WHERE integration_id = ? AND owner = ? FOR UPDATE")) {
            ps.setString(1, integrationId);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
