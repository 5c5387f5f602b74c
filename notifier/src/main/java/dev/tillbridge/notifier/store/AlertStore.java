package dev.tillbridge.notifier.store;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.LogService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The notifier's throttle state in PostgreSQL: {@code alert_throttle} (one row per alert, with its mail
 * schedule), {@code account_mailbox} (per account: the row a sender locks to own the account's mail, and
 * its SMTP back-off); the mails sent are in {@link SentMailStore}. Methods taking a {@link Connection} run inside
 * the caller's transaction.
 */
public class AlertStore {

    private static final String COLUMNS = """
            integration_id, alert_code, account_id, state, service, message, advice, first_seen_at, last_seen_at,
            occurrences, event_at, raised_at, resolved_at, next_due_at, resolved_pending, last_mailed_at,
            last_alert_mailed_at, last_message_id, mails_sent""";

    private final DataSource dataSource;

    public AlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Rolls back, keeping the original failure in front (a dead connection fails the rollback as well). */
    public static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Makes sure the account has the row a sender locks to own its mail. */
    public void ensureMailbox(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO account_mailbox (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING")) {
            ps.setString(1, accountId);
            ps.executeUpdate();
        }
    }

    /** The alert's row, locked until the caller's transaction ends (waits while a sender is mailing it). */
    public Optional<StoredAlert> lockAlert(Connection c, String integrationId, AlertCode code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM alert_throttle WHERE integration_id = ? AND alert_code = ? FOR UPDATE")) {
            ps.setString(1, integrationId);
            ps.setString(2, code.name());
            return readOne(ps);
        }
    }

    public void save(Connection c, StoredAlert a) throws SQLException {
        String sql = "INSERT INTO alert_throttle (" + COLUMNS + ", updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
                + """
                ON CONFLICT (integration_id, alert_code) DO UPDATE SET
                  account_id = EXCLUDED.account_id, state = EXCLUDED.state, service = EXCLUDED.service,
                  message = EXCLUDED.message, advice = EXCLUDED.advice, first_seen_at = EXCLUDED.first_seen_at,
                  last_seen_at = EXCLUDED.last_seen_at, occurrences = EXCLUDED.occurrences,
                  event_at = EXCLUDED.event_at, raised_at = EXCLUDED.raised_at, resolved_at = EXCLUDED.resolved_at,
                  next_due_at = EXCLUDED.next_due_at, resolved_pending = EXCLUDED.resolved_pending,
                  last_mailed_at = EXCLUDED.last_mailed_at, last_alert_mailed_at = EXCLUDED.last_alert_mailed_at,
                  last_message_id = EXCLUDED.last_message_id, mails_sent = EXCLUDED.mails_sent, updated_at = now()
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, a.integrationId());
            ps.setString(i++, a.code().name());
            ps.setString(i++, a.accountId());
            ps.setString(i++, a.state().name());
            ps.setString(i++, a.service() == null ? null : a.service().name());
            ps.setString(i++, a.message());
            ps.setString(i++, a.advice());
            setInstant(ps, i++, a.firstSeenAt());
            setInstant(ps, i++, a.lastSeenAt());
            ps.setInt(i++, a.occurrences());
            setInstant(ps, i++, a.eventAt());
            setInstant(ps, i++, a.raisedAt());
            setInstant(ps, i++, a.resolvedAt());
            setInstant(ps, i++, a.nextDueAt());
            ps.setBoolean(i++, a.resolvedPending());
            setInstant(ps, i++, a.lastMailedAt());
            setInstant(ps, i++, a.lastAlertMailedAt());
            ps.setString(i++, a.lastMessageId());
            ps.setInt(i, a.mailsSent());
            ps.executeUpdate();
        }
    }

    /** An account that is not in SMTP back-off: failed attempts so far. */
    public record Claim(String accountId, int failedAttempts) {}

    /**
     * Locks the mailbox of one account that has a due alert and is not waiting out an SMTP back-off. A mailbox
     * another sender holds is skipped, so two senders never work on one account at once; the lock lasts until
     * the caller's transaction ends and goes with the connection if the process dies.
     */
    public Optional<Claim> claimDueAccount(Connection c, Instant now) throws SQLException {
        String sql = """
                SELECT m.account_id, m.failed_attempts FROM account_mailbox m
                 WHERE (m.retry_at IS NULL OR m.retry_at <= ?)
                   AND EXISTS (SELECT 1 FROM alert_throttle a WHERE a.account_id = m.account_id AND a.next_due_at <= ?)
                 ORDER BY m.account_id
                 LIMIT 1
                 FOR UPDATE OF m SKIP LOCKED
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Claim(rs.getString(1), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    /** The account's due alerts, locked (the mailbox lock is held, so only a consumer update can make this wait). */
    public List<StoredAlert> lockDueAlerts(Connection c, String accountId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM alert_throttle WHERE account_id = ? AND next_due_at <= ?"
                + " ORDER BY integration_id, alert_code FOR UPDATE")) {
            ps.setString(1, accountId);
            setInstant(ps, 2, now);
            return readAll(ps);
        }
    }

    public void recordFailure(Connection c, String accountId, int failedAttempts, Instant retryAt, String error)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE account_mailbox SET failed_attempts = ?, retry_at = ?, last_error = ? WHERE account_id = ?")) {
            ps.setInt(1, failedAttempts);
            setInstant(ps, 2, retryAt);
            ps.setString(3, error);
            ps.setString(4, accountId);
            ps.executeUpdate();
        }
    }

    public void recordSent(Connection c, String accountId, Instant sentAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE account_mailbox SET failed_attempts = 0, retry_at = NULL, last_error = NULL, last_sent_at = ?
                 WHERE account_id = ?""")) {
            setInstant(ps, 1, sentAt);
            ps.setString(2, accountId);
            ps.executeUpdate();
        }
    }

    // Reads outside any sender transaction: health, diagnostics, tests.

    public Optional<StoredAlert> find(String integrationId, AlertCode code) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM alert_throttle WHERE integration_id = ? AND alert_code = ?")) {
            ps.setString(1, integrationId);
            ps.setString(2, code.name());
            return readOne(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read alert " + integrationId + ":" + code, e);
        }
    }

    public List<StoredAlert> alertsOf(String accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM alert_throttle WHERE account_id = ? ORDER BY integration_id, alert_code")) {
            ps.setString(1, accountId);
            return readAll(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read alerts of account " + accountId, e);
        }
    }

    /** Failed attempts and retry time of an account's mailbox, if it has one. */
    public Optional<Claim> mailboxOf(String accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT account_id, failed_attempts FROM account_mailbox WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Claim(rs.getString(1), rs.getInt(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mailbox of account " + accountId, e);
        }
    }

    /**
     * Lets an account in back-off try again at the next tick: its contact details changed, so the reason of
     * the last failure (no valid address, say) may be gone.
     */
    public void retrySoon(String accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE account_mailbox SET retry_at = NULL WHERE account_id = ? AND retry_at IS NOT NULL")) {
            ps.setString(1, accountId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset the back-off of account " + accountId, e);
        }
    }

    /**
     * The integration was deleted (its tombstone read): its alerts are no longer mailed, and the same id created
     * again (only by the same account, status-api's rule) starts with no alert of the deleted incarnation.
     */
    public int forgetIntegration(String integrationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM alert_throttle WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget the alerts of integration " + integrationId, e);
        }
    }

    private static Optional<StoredAlert> readOne(PreparedStatement ps) throws SQLException {
        List<StoredAlert> all = readAll(ps);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<StoredAlert> readAll(PreparedStatement ps) throws SQLException {
        List<StoredAlert> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String service = rs.getString("service");
                result.add(new StoredAlert(
                        rs.getString("integration_id"),
                        AlertCode.valueOf(rs.getString("alert_code")),
                        rs.getString("account_id"),
                        AlertState.valueOf(rs.getString("state")),
                        service == null ? null : LogService.valueOf(service),
                        rs.getString("message"),
                        rs.getString("advice"),
                        instant(rs, "first_seen_at"),
                        instant(rs, "last_seen_at"),
                        rs.getInt("occurrences"),
                        instant(rs, "event_at"),
                        instant(rs, "raised_at"),
                        instant(rs, "resolved_at"),
                        instant(rs, "next_due_at"),
                        rs.getBoolean("resolved_pending"),
                        instant(rs, "last_mailed_at"),
                        instant(rs, "last_alert_mailed_at"),
                        rs.getString("last_message_id"),
                        rs.getInt("mails_sent")));
            }
        }
        return result;
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
