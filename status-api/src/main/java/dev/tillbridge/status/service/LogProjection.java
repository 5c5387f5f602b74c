package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.IntegrationStatus;
import dev.tillbridge.status.model.LogLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The Logs page's lines: {@code integration-logs} (a line about one order is also a fact of its story) and
 * {@code notifications} (each e-mail a Notification line under the service of its alert, on every integration it was
 * about). Called by {@link ReadModelProjector} in its transaction.
 */
@ApplicationScoped
public class LogProjection {

    private final EntityManager em;
    private final StatusRows rows;
    private final OrderStories stories;

    public LogProjection(EntityManager em, StatusRows rows, OrderStories stories) {
        this.em = em;
        this.rows = rows;
        this.stories = stories;
    }

    void logEntry(EventEnvelope<?> envelope, LogEntry entry) {
        IntegrationStatus status = rows.admitted(entry.integrationId(), envelope);
        if (status == null) {
            return;
        }
        insertLog(
                envelope.id(),
                entry.integrationId(),
                status.accountId,
                entry.service(),
                entry.type(),
                entry.message(),
                entry.origin(),
                entry.reference(),
                envelope.occurredAt());
        // A line about one order (the Auto-Invoice outcome, a re-download that could not be done) is part of its story.
        if (entry.entityId() != null && entry.entityId() > 0) {
            StoryFact fact = entry.invoice() != null
                    ? StoryFact.invoice(
                            entry.invoice().outcome().name(),
                            entry.invoice().invoiceId(),
                            entry.type().name(),
                            entry.service().name(),
                            entry.message())
                    : StoryFact.log(entry.type().name(), entry.service().name(), entry.message());
            stories.add(
                    entry.integrationId(),
                    entry.entityId(),
                    entry.invoice() != null ? entry.reference() : null,
                    envelope.occurredAt(),
                    envelope.id(),
                    fact);
        }
    }

    /** Each e-mail becomes a Notification line on the Logs page of every integration it was about. */
    void notificationSent(EventEnvelope<?> envelope, NotificationSent n) {
        Set<String> integrations = new LinkedHashSet<>(n.integrationIds());
        if (integrations.isEmpty()
                && envelope.integrationId() != null
                && !envelope.integrationId().isBlank()) {
            integrations.add(envelope.integrationId());
        }
        if (integrations.isEmpty()) {
            integrations.addAll(em.createQuery(
                            "SELECT s.integrationId FROM IntegrationStatus s WHERE s.accountId = ?1 AND s.deleted = false",
                            String.class)
                    .setParameter(1, n.accountId())
                    .getResultList());
        }
        for (String integrationId : integrations) {
            IntegrationStatus status = rows.ensure(integrationId, n.accountId());
            if (!Incarnations.admits(status, n.accountId(), n.sentAt())) {
                continue;
            }
            for (LogService service :
                    NotificationLines.servicesOf(n.alertCodes(), code -> knownService(integrationId, code))) {
                insertLog(
                        envelope.id(),
                        integrationId,
                        status.accountId,
                        service,
                        LogType.NOTIFICATION,
                        NotificationLines.message(n),
                        "notifier",
                        NotificationLines.reference(n),
                        n.sentAt());
            }
        }
    }

    private Optional<LogService> knownService(String integrationId, AlertCode code) {
        AlertStateRow row = AlertStateRow.findById(new AlertStateRow.AlertKey(integrationId, code.name()));
        return row == null || row.service == null ? Optional.empty() : Optional.of(LogService.valueOf(row.service));
    }

    private void insertLog(
            UUID envelopeId,
            String integrationId,
            String accountId,
            LogService service,
            LogType type,
            String message,
            String origin,
            String reference,
            Instant at) {
        LogLine line = new LogLine();
        line.envelopeId = envelopeId;
        line.integrationId = integrationId;
        line.accountId = accountId;
        line.service = service.name();
        line.type = type.name();
        line.message = message;
        line.origin = origin;
        line.reference = reference;
        line.occurredAt = at;
        line.persist();
    }
}
