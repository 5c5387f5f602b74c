package dev.tillbridge.pusher.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Run state in PostgreSQL (schema {@code product_pusher}). Every position of a run is counted once
 * ({@code run_position}'s primary key), in the same transaction that moves the run's counters, so a record
 * read again after a crash or a rebalance never counts twice and sent + failed = total holds at the end.
 *
 * <p>Position writes use {@code synchronous_commit = off}: a PostgreSQL crash may forget the last fraction of
 * a second of them, which only means those products are sent again (a PUT of the same values is harmless);
 * a crash of this service loses nothing.
 */
public final class RunRepository {

    private static final String RUN_COLUMNS =
            "integration_id, run_id, account_id, total, sent, failed, state, side_run, "
                    + "restarts, loop_started_at, last_sku, last_sent_at, started_at, finished_at";

    private final PusherDatabase database;

    public RunRepository(DataSource dataSource) {
        this.database = new PusherDatabase(dataSource);
    }

    /** The same database, for the stores next to the run state. */
    PusherDatabase database() {
        return database;
    }

    /** What {@link #open} found or did. */
    public record OpenedRun(RunSnapshot run, boolean created, RunStart start) {}

    /**
     * The run of a record, creating it on its first record. Serialised per integration (an advisory lock) so
     * that two replicas seeing a new run at once agree on which run it supersedes.
     */
    public OpenedRun open(RunKey key, String accountId, int total, Instant now) {
        return database.inTransaction(c -> {
            Optional<RunSnapshot> existing = find(c, key);
            if (existing.isPresent()) {
                return new OpenedRun(existing.get(), false, null);
            }
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "product-run:" + key.integrationId());
                lock.execute();
            }
            existing = find(c, key);
            if (existing.isPresent()) {
                return new OpenedRun(existing.get(), false, null);
            }
            RunStart start = RunStart.decide(current(c, key.integrationId()), total);
            int restarts = 0;
            Instant loopStartedAt = now;
            boolean side = false;
            String superseded = null;
            if (start instanceof RunStart.Restart restart) {
                restarts = restart.restarts();
                loopStartedAt = restart.loopStartedAt();
                superseded = restart.supersededRunId();
            } else if (start instanceof RunStart.Replace replace) {
                superseded = replace.supersededRunId();
            } else if (start instanceof RunStart.Side) {
                side = true;
            }
            if (superseded != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE product_run SET state = 'SUPERSEDED' WHERE integration_id = ? AND run_id = ?")) {
                    ps.setString(1, key.integrationId());
                    ps.setString(2, superseded);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO product_run (integration_id, run_id, account_id, total, state, side_run, restarts,
                                             loop_started_at, started_at, last_activity_at)
                    VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?)
                    """)) {
                ps.setString(1, key.integrationId());
                ps.setString(2, key.runId());
                ps.setString(3, accountId);
                ps.setInt(4, total);
                ps.setBoolean(5, side);
                ps.setInt(6, restarts);
                ps.setTimestamp(7, Timestamp.from(loopStartedAt));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
            }
            return new OpenedRun(find(c, key).orElseThrow(), true, start);
        });
    }

    /** The positions among {@code positions} that are counted already. */
    public Set<Integer> countedPositions(RunKey key, Collection<Integer> positions) {
        if (positions.isEmpty()) {
            return Set.of();
        }
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM run_position "
                    + "WHERE integration_id = ? AND run_id = ? AND position = ANY (?)")) {
                ps.setString(1, key.integrationId());
                ps.setString(2, key.runId());
                ps.setArray(3, c.createArrayOf("integer", positions.toArray()));
                Set<Integer> counted = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counted.add(rs.getInt(1));
                    }
                }
                return counted;
            }
        });
    }

    /**
     * Counts the positions of {@code records} with one outcome; returns those counted now (a position counted
     * before is left as it was).
     */
    public List<Carried> count(List<Carried> records, boolean sent, String sku, String error, Instant at) {
        return database.inTransaction(c -> {
            try (PreparedStatement async = c.prepareStatement("SET LOCAL synchronous_commit TO OFF")) {
                async.execute();
            }
            List<Carried> counted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO run_position (integration_id, run_id, position, outcome, sku, error, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """)) {
                for (Carried record : records) {
                    ps.setString(1, record.run().integrationId());
                    ps.setString(2, record.run().runId());
                    ps.setInt(3, record.position());
                    ps.setString(4, sent ? "S" : "F");
                    ps.setString(5, sku);
                    ps.setString(6, error);
                    ps.setTimestamp(7, Timestamp.from(at));
                    if (ps.executeUpdate() == 1) {
                        counted.add(record);
                    }
                }
            }
            Map<RunKey, Integer> perRun = new LinkedHashMap<>();
            counted.forEach(r -> perRun.merge(r.run(), 1, Integer::sum));
            String column = sent ? "sent" : "failed";
            try (PreparedStatement ps = c.prepareStatement("UPDATE product_run SET " + column + " = " + column
                    + " + ?, last_activity_at = ?, last_sku = COALESCE(?, last_sku), "
                    + "last_sent_at = CASE WHEN ? THEN ? ELSE last_sent_at END "
                    + "WHERE integration_id = ? AND run_id = ?")) {
                for (Map.Entry<RunKey, Integer> run : perRun.entrySet()) {
                    ps.setInt(1, run.getValue());
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, sent ? sku : null);
                    ps.setBoolean(4, sent);
                    ps.setTimestamp(5, Timestamp.from(at));
                    ps.setString(6, run.getKey().integrationId());
                    ps.setString(7, run.getKey().runId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return counted;
        });
    }

    public Optional<RunSnapshot> find(RunKey key) {
        return database.inTransaction(c -> find(c, key));
    }

    /**
     * Closes the run if every position is counted: COMPLETED, or FAILED when more than
     * {@code failureThreshold} of its products failed; a superseded run keeps its state. Returns the closed
     * run only to the caller that closed it (one replica, once).
     */
    public Optional<RunSnapshot> closeIfComplete(RunKey key, double failureThreshold, Instant now) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE product_run
                       SET state = CASE WHEN state = 'SUPERSEDED' THEN state
                                        WHEN failed > ? * total THEN 'FAILED' ELSE 'COMPLETED' END,
                           finished_at = ?
                     WHERE integration_id = ? AND run_id = ? AND finished_at IS NULL AND sent + failed >= total
                    """)) {
                ps.setDouble(1, failureThreshold);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, key.integrationId());
                ps.setString(4, key.runId());
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(c, key);
        });
    }

    /** Runs not closed yet, for resuming progress after a restart. */
    public List<RunSnapshot> open() {
        return database.inTransaction(c -> {
            List<RunSnapshot> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS
                            + " FROM product_run WHERE finished_at IS NULL ORDER BY started_at");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(snapshot(rs));
                }
            }
            return runs;
        });
    }

    /**
     * The failure sentence met most often by the runs of an integration started since {@code since} (the
     * start of a chain of restarts), for status-api's PRODUCT_SYNC_LOOPING.
     */
    public Optional<String> mostFrequentError(String integrationId, Instant since) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT p.error, count(*) AS n
                      FROM run_position p JOIN product_run r
                        ON r.integration_id = p.integration_id AND r.run_id = p.run_id
                     WHERE p.integration_id = ? AND r.started_at >= ? AND p.outcome = 'F' AND p.error IS NOT NULL
                     GROUP BY p.error ORDER BY n DESC, p.error LIMIT 1
                    """)) {
                ps.setString(1, integrationId);
                ps.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Forgets the positions of runs closed before {@code before}; the run rows stay as history. */
    public int prunePositions(Instant before) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM run_position p USING product_run r
                     WHERE r.integration_id = p.integration_id AND r.run_id = p.run_id
                       AND r.finished_at IS NOT NULL AND r.finished_at < ?
                    """)) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        });
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    private static Optional<RunSnapshot> find(Connection c, RunKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM product_run WHERE integration_id = ? AND run_id = ?")) {
            ps.setString(1, key.integrationId());
            ps.setString(2, key.runId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(snapshot(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<RunStart.CurrentRun> current(Connection c, String integrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT run_id, total, sent + failed, state = 'RUNNING', restarts, loop_started_at
                  FROM product_run WHERE integration_id = ? AND NOT side_run AND state <> 'SUPERSEDED'
                 ORDER BY started_at DESC LIMIT 1
                """)) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunStart.CurrentRun(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getBoolean(4),
                        rs.getInt(5),
                        rs.getTimestamp(6).toInstant()));
            }
        }
    }

    private static RunSnapshot snapshot(ResultSet rs) throws SQLException {
        return new RunSnapshot(
                new RunKey(rs.getString(1), rs.getString(2)),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getBoolean(8),
                rs.getInt(9),
                instant(rs, 10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13),
                instant(rs, 14));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** The run state could not be read or written; the work is tried again, nothing is counted. */
    public static final class RunStoreUnavailable extends RuntimeException {
        RunStoreUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
