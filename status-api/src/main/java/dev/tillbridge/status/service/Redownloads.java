package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.status.messaging.EventPublisher;
import dev.tillbridge.status.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Asks invoice-filter to release one order again, and says so on the Logs page (both through the outbox). */
@ApplicationScoped
public class Redownloads {

    private static final Logger LOG = Logger.getLogger(Redownloads.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;

    public Redownloads(EntityManager em, Outbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** @param owner the integration, as the tenancy gate ({@link IntegrationAccess#require}) let the caller through */
    @Transactional
    public RedownloadRequested request(Caller caller, IntegrationAccess.Owner owner, long entityId) {
        if (entityId <= 0) {
            throw InvalidRequestException.of("entityId", "must be a Magento order entity id (a positive number)");
        }
        RedownloadRequested request = new RedownloadRequested(owner.integrationId(), entityId, caller.subject());
        outbox.redownload(EventEnvelope.of(owner.accountId(), owner.integrationId(), request, clock));
        String incrementId = knownIncrementId(owner.integrationId(), entityId);
        String order = incrementId == null ? "order " + entityId : "order #" + incrementId + " (" + entityId + ")";
        LogEntry line = new LogEntry(
                owner.integrationId(),
                LogService.TILLBRIDGE,
                LogType.INFO,
                "Re-download of " + order + " requested by " + caller.subject(),
                EventPublisher.SOURCE,
                incrementId == null ? Long.toString(entityId) : incrementId);
        outbox.log(EventEnvelope.of(owner.accountId(), owner.integrationId(), line, clock));
        LOG.infof(
                "Re-download of %s of integration %s requested by %s", order, owner.integrationId(), caller.subject());
        return request;
    }

    private String knownIncrementId(String integrationId, long entityId) {
        List<?> ids = em.createNativeQuery("""
                        SELECT increment_id FROM skipped_order WHERE integration_id = ?1 AND entity_id = ?2
                        UNION ALL
                        SELECT increment_id FROM downloaded_order WHERE integration_id = ?1 AND entity_id = ?2
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, entityId)
                .getResultList();
        return ids.stream()
                .filter(Objects::nonNull)
                .map(Object::toString)
                .findFirst()
                .orElse(null);
    }
}
