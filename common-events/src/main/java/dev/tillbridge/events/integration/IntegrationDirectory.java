package dev.tillbridge.events.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * A service's own copy of the integrations it serves, kept in its database from the compacted
 * {@code integrations} topic. A record is applied only when its revision is not older than the one held,
 * so a redelivery or an out-of-order replay changes nothing; a tombstone removes the integration.
 * Listeners get an {@link IntegrationChanged} CDI event after each change, and again when the record of the
 * revision held (or a tombstone of an integration no longer held) is read again: the directory commits before
 * its listeners run, so a listener that failed (the status projection's database was unavailable) is redone by
 * the retry or the redelivery of the same record. Listeners are therefore idempotent.
 * A failure is handled by {@link TransientRetry}: an unreadable record goes to {@code integrations.dlq}, a
 * database that is unavailable holds the record (nothing committed) until it is applied.
 */
@ApplicationScoped
public class IntegrationDirectory {

    public static final String CHANNEL = "integrations";
    private static final Logger LOG = Logger.getLogger(IntegrationDirectory.class);

    private final DataSource dataSource;
    private final IncomingEvents incoming;
    private final Event<IntegrationChanged> changes;
    private final TransientRetry retry;

    public IntegrationDirectory(
            DataSource dataSource, IncomingEvents incoming, Event<IntegrationChanged> changes, TransientRetry retry) {
        this.dataSource = dataSource;
        this.incoming = incoming;
        this.changes = changes;
        this.retry = retry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRecord(Message<String> message) {
        return retry.consume(CHANNEL, message, this::applyRecord);
    }

    void applyRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() == null) {
                return;
            }
            if (remove(record.key())) {
                LOG.infof("Integration %s deleted", record.key());
            }
            changes.fire(new IntegrationChanged(record.key(), Optional.empty()));
            return;
        }
        EventEnvelope<IntegrationConfigured> envelope = incoming.read(record, IntegrationConfigured.class);
        IntegrationConfigured config = envelope.payload();
        if (apply(config)) {
            LOG.infof(
                    "Integration %s of account %s at revision %d (%s)",
                    config.integrationId(),
                    config.accountId(),
                    config.revision(),
                    config.enabled() ? "enabled" : "disabled");
            changes.fire(new IntegrationChanged(config.integrationId(), Optional.of(config)));
        } else {
            // A repeat of the revision held: tell the listeners again, in case they failed the first time.
            find(config.integrationId())
                    .filter(held -> held.revision() == config.revision())
                    .ifPresent(held -> changes.fire(new IntegrationChanged(held.integrationId(), Optional.of(held))));
        }
    }

    /** @return whether the directory changed (false for a repeat or an older revision). */
    public boolean apply(IntegrationConfigured config) {
        String sql = """
                INSERT INTO integration_directory (integration_id, account_id, revision, enabled, config, updated_at)
                VALUES (?, ?, ?, ?, ?, now())
                ON CONFLICT (integration_id) DO UPDATE
                   SET account_id = EXCLUDED.account_id, revision = EXCLUDED.revision, enabled = EXCLUDED.enabled,
                       config = EXCLUDED.config, updated_at = now()
                 WHERE integration_directory.revision < EXCLUDED.revision
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, config.integrationId());
            ps.setString(2, config.accountId());
            ps.setLong(3, config.revision());
            ps.setBoolean(4, config.enabled());
            ps.setString(5, EventJson.mapper().writeValueAsString(config));
            return ps.executeUpdate() == 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot store integration " + config.integrationId(), e);
        }
    }

    /**
     * The directory's database did not answer (PostgreSQL restarting, failing over, out of connections): a transient
     * failure, so a caller waits and asks again; it says nothing about the integration.
     */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @throws Unavailable when the database does not answer */
    public Optional<IntegrationConfigured> find(String integrationId) {
        List<IntegrationConfigured> found =
                query("SELECT config FROM integration_directory WHERE integration_id = ?", integrationId);
        return found.stream().findFirst();
    }

    public List<IntegrationConfigured> enabled() {
        return query("SELECT config FROM integration_directory WHERE enabled ORDER BY integration_id");
    }

    public List<IntegrationConfigured> ofAccount(String accountId) {
        return query(
                "SELECT config FROM integration_directory WHERE account_id = ? ORDER BY integration_id", accountId);
    }

    private boolean remove(String integrationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM integration_directory WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete integration " + integrationId, e);
        }
    }

    private List<IntegrationConfigured> query(String sql, String... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<IntegrationConfigured> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(EventJson.mapper().readValue(rs.getString(1), IntegrationConfigured.class));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new Unavailable("Cannot read integrations: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored integration is unreadable", e);
        }
    }
}
