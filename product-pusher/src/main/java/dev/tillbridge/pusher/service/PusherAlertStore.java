package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;

/** The alerts product-pusher raised and has not resolved ({@code pusher_alert}), so a restart still resolves them. */
final class PusherAlertStore {

    private final PusherDatabase database;

    PusherAlertStore(PusherDatabase database) {
        this.database = database;
    }

    Optional<Held> find(String integrationId, AlertCode code) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT message, first_seen_at, last_seen_at, occurrences, published_at FROM pusher_alert"
                            + " WHERE integration_id = ? AND code = ?")) {
                ps.setString(1, integrationId);
                ps.setString(2, code.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Held(
                            code,
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant(),
                            rs.getInt(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        });
    }

    void save(String integrationId, Held alert) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO pusher_alert (integration_id, code, message, first_seen_at, last_seen_at, occurrences,
                                              published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (integration_id, code) DO UPDATE
                       SET message = EXCLUDED.message, last_seen_at = EXCLUDED.last_seen_at,
                           occurrences = EXCLUDED.occurrences, published_at = EXCLUDED.published_at
                    """)) {
                ps.setString(1, integrationId);
                ps.setString(2, alert.code().name());
                ps.setString(3, alert.message());
                ps.setTimestamp(4, Timestamp.from(alert.firstSeenAt()));
                ps.setTimestamp(5, Timestamp.from(alert.lastSeenAt()));
                ps.setInt(6, alert.occurrences());
                ps.setTimestamp(7, Timestamp.from(alert.publishedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** @return whether there was one to delete (only that caller publishes RESOLVED). */
    boolean delete(String integrationId, AlertCode code) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM pusher_alert WHERE integration_id = ? AND code = ?")) {
                ps.setString(1, integrationId);
                ps.setString(2, code.name());
                return ps.executeUpdate() == 1;
            }
        });
    }
}
