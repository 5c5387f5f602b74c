package dev.tillbridge.status.service;

import dev.tillbridge.status.config.StatusApiConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes what is older than its retention: log lines, orders, order stories, and the envelope ids kept against
 * redelivery.
 */
@ApplicationScoped
public class ReadModelRetention {

    private static final Logger LOG = Logger.getLogger(ReadModelRetention.class);

    private final EntityManager em;
    private final Clock clock;
    private final StatusApiConfig config;

    public ReadModelRetention(EntityManager em, Clock clock, StatusApiConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config;
    }

    public record Purged(int logLines, int orders, int processedEvents, int orderStories) {}

    @Scheduled(
            every = "${tillbridge.status.retention.purge-every:1h}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        Purged purged = purge();
        if (purged.logLines() + purged.orders() + purged.processedEvents() + purged.orderStories() > 0) {
            LOG.infof(
                    "Retention: deleted %d log lines, %d orders, %d processed event ids, %d order stories",
                    purged.logLines(), purged.orders(), purged.processedEvents(), purged.orderStories());
        }
    }

    @Transactional
    public Purged purge() {
        Instant now = clock.instant();
        var retention = config.retention();
        int logs = em.createNativeQuery("DELETE FROM log_line WHERE occurred_at < ?1")
                .setParameter(1, now.minus(retention.logs()))
                .executeUpdate();
        Instant ordersBefore = now.minus(retention.orders());
        int orders = em.createNativeQuery("DELETE FROM downloaded_order WHERE last_downloaded_at < ?1")
                        .setParameter(1, ordersBefore)
                        .executeUpdate()
                + em.createNativeQuery("DELETE FROM skipped_order WHERE skipped_at < ?1")
                        .setParameter(1, ordersBefore)
                        .executeUpdate();
        int processed = em.createNativeQuery("DELETE FROM processed_event WHERE processed_at < ?1")
                .setParameter(1, now.minus(retention.processedEvents()))
                .executeUpdate();
        // An order's story is kept as long as the order: until its last fact is older than the orders' retention.
        em.createNativeQuery("""
                        DELETE FROM order_fact f USING order_story s
                         WHERE s.last_fact_at < ?1 AND f.integration_id = s.integration_id AND f.entity_id = s.entity_id
                        """).setParameter(1, ordersBefore).executeUpdate();
        int stories = em.createNativeQuery("DELETE FROM order_story WHERE last_fact_at < ?1")
                .setParameter(1, ordersBefore)
                .executeUpdate();
        return new Purged(logs, orders, processed, stories);
    }
}
