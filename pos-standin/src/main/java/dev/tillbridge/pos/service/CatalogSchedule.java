package dev.tillbridge.pos.service;

import dev.tillbridge.pos.messaging.CatalogPublisher;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends the whole catalog on a schedule, as a POS does (first soon after start, so the dashboard shows a run). */
@Singleton
public class CatalogSchedule {

    private final CatalogPublisher publisher;
    private final int size;

    public CatalogSchedule(CatalogPublisher publisher, @ConfigProperty(name = "pos.catalog.size") int size) {
        this.publisher = publisher;
        this.size = size;
    }

    @Scheduled(
            every = "${pos.catalog.every}",
            delayed = "${pos.catalog.first-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendCatalog() {
        publisher.publish(size);
    }
}
