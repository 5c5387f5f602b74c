package dev.tillbridge.notifier.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code sent_mail}: every mail sent, written in the sender's transaction, which doubles as the outbox for
 * {@code notifications}. Methods taking a {@link Connection} run inside the caller's transaction.
 */
public class SentMailStore {

    private final DataSource dataSource;

    public SentMailStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A mail sent, with the {@code notifications} record still to publish. */
    public record SentMail(
            String messageId,
            String accountId,
            String kind,
            String subject,
            String recipients,
            String alertKeys,
            Instant sentAt,
            String envelope,
            Instant publishedAt) {}

    /** Whether a mail with this Message-ID is recorded as sent. */
    public boolean sentMailExists(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sent_mail WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insertSentMail(Connection c, SentMail mail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sent_mail (message_id, account_id, kind, subject, recipients, alert_keys, sent_at, envelope)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING""")) {
            ps.setString(1, mail.messageId());
            ps.setString(2, mail.accountId());
            ps.setString(3, mail.kind());
            ps.setString(4, mail.subject());
            ps.setString(5, mail.recipients());
            ps.setString(6, mail.alertKeys());
            AlertStore.setInstant(ps, 7, mail.sentAt());
            ps.setString(8, mail.envelope());
            ps.executeUpdate();
        }
    }

    /** Sent mails whose {@code notifications} record is not published yet, locked (skipping ones another holds). */
    public List<SentMail> lockUnpublished(Connection c, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT message_id, account_id, kind, subject, recipients, alert_keys, sent_at, envelope, published_at
                  FROM sent_mail WHERE published_at IS NULL ORDER BY sent_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setInt(1, max);
            return readSent(ps);
        }
    }

    public void markPublished(Connection c, String messageId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sent_mail SET published_at = ? WHERE message_id = ?")) {
            AlertStore.setInstant(ps, 1, at);
            ps.setString(2, messageId);
            ps.executeUpdate();
        }
    }

    // Reads outside any sender transaction: diagnostics, tests.

    public List<SentMail> sentMailsOf(String accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT message_id, account_id, kind, subject, recipients, alert_keys, sent_at, envelope, published_at
                  FROM sent_mail WHERE account_id = ? ORDER BY sent_at, message_id""")) {
            ps.setString(1, accountId);
            return readSent(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mails of account " + accountId, e);
        }
    }

    private static List<SentMail> readSent(PreparedStatement ps) throws SQLException {
        List<SentMail> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new SentMail(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        AlertStore.instant(rs, 7),
                        rs.getString(8),
                        AlertStore.instant(rs, 9)));
            }
        }
        return result;
    }
}
