package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.MagentoTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What one cycle tells the rest of Tillbridge besides its orders: its start and end on {@code sync-cycles}, its
 * Info or Error lines on {@code integration-logs} and its alert changes on {@code integration-alerts}. Each record's
 * id is stable per cycle (a repeat is recognised downstream); sends are asynchronous, and the cycle waits for them at
 * its end ({@link #awaitQuietly}). One instance per cycle.
 */
final class CycleRecords {

    private static final Logger LOG = Logger.getLogger(CycleRecords.class);
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final OrderPublisher publisher;
    private final Clock clock;
    private final IntegrationConfigured integration;
    private final UUID cycleId;
    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    private boolean started;

    CycleRecords(OrderPublisher publisher, Clock clock, IntegrationConfigured integration, UUID cycleId) {
        this.publisher = publisher;
        this.clock = clock;
        this.integration = integration;
        this.cycleId = cycleId;
    }

    /** The cycle's STARTED record, sent once however often it is called. */
    void started(Instant windowFrom) {
        if (!started) {
            started = true;
            send(Topics.SYNC_CYCLES, id(), "started", SyncCycle.started(id(), cycleId, windowFrom));
        }
    }

    /**
     * The end record of a good cycle, its Info line, and a second line for orders found late. A cycle that
     * downloaded no order gets no Info line: its end record says it ran, and a fleet's idle cycles are not worth a
     * log row each (the seed: "Error and Info logs may appear empty").
     */
    void succeeded(CycleReport report, long ms) {
        send(
                Topics.SYNC_CYCLES,
                id(),
                "ended",
                SyncCycle.ended(id(), cycleId, report.windowFrom())
                        .windowTo(report.newWatermark())
                        .orders(report.ordersSeen(), report.ordersPublished())
                        .invoicesSeen(report.invoicesSeen())
                        .pages(report.pages())
                        .magentoNewestUpdatedAt(report.magentoNewestUpdatedAt())
                        .succeeded(ms));
        if (report.ordersSeen() == 0) {
            LOG.debugf("Integration %s: cycle %s: nothing new (%d requests, %d ms)", id(), cycleId, report.pages(), ms);
            return;
        }
        String since =
                report.windowFrom().equals(Instant.EPOCH) ? "ever" : "since " + MagentoTime.format(report.windowFrom());
        // Orders found late were not updated in the window: they get their own line below.
        int inWindow = report.ordersPublished() - report.ordersFoundLate();
        String message = "Downloaded " + inWindow + (inWindow == 1 ? " order" : " orders") + " updated " + since + ".";
        send(
                Topics.INTEGRATION_LOGS,
                id(),
                "log",
                LogEntry.info(id(), LogService.MAGENTO, SyncCycleRunner.ORIGIN, message));
        // An idle cycle is the common case of a fleet: not worth a line at INFO for every store every minute.
        LOG.logf(
                report.ordersPublished() == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                "Integration %s: cycle %s: %s (%d seen, %d pages, %d ms%s)",
                id(),
                cycleId,
                message,
                report.ordersSeen(),
                report.pages(),
                ms,
                report.swept() ? ", swept" : "");
        if (report.ordersFoundLate() > 0) {
            String late = "Found " + report.ordersFoundLate() + (report.ordersFoundLate() == 1 ? " order" : " orders")
                    + " the regular sync missed (committed late in Magento).";
            send(
                    Topics.INTEGRATION_LOGS,
                    id(),
                    "late",
                    LogEntry.info(id(), LogService.MAGENTO, SyncCycleRunner.ORIGIN, late));
            LOG.infof("Integration %s: cycle %s: %s", id(), cycleId, late);
        }
    }

    /** The end record of a failed cycle and its Error line. */
    void failed(Instant windowFrom, long ms, CycleFailure failure) {
        send(
                Topics.SYNC_CYCLES,
                id(),
                "ended",
                SyncCycle.ended(id(), cycleId, windowFrom).failed(ms, failure.message()));
        send(
                Topics.INTEGRATION_LOGS,
                id(),
                "log",
                LogEntry.error(
                        id(),
                        failure.service(),
                        SyncCycleRunner.ORIGIN,
                        "Could not download orders: " + failure.message()));
    }

    /** An alert change, keyed by the alert ({@code integration-alerts} is compacted); {@code what} names it in the id. */
    CompletableFuture<Void> alert(String what, AlertChanged change) {
        return send(Topics.INTEGRATION_ALERTS, Topics.alertKey(id(), change.code()), what, change);
    }

    private CompletableFuture<Void> send(String topic, String key, String what, EventPayload payload) {
        CompletableFuture<Void> send = publisher.send(
                topic,
                key,
                EventEnvelope.withStableId(cycleId + "|" + what, integration.accountId(), id(), payload, clock));
        sent.add(send);
        return send;
    }

    UUID cycleId() {
        return cycleId;
    }

    String integrationId() {
        return integration.integrationId();
    }

    private String id() {
        return integration.integrationId();
    }

    /** Waits for every record sent so far; one the broker did not take is logged, the cycle's outcome stands. */
    void awaitQuietly() {
        try {
            awaitAll(sent);
        } catch (KafkaUnavailable e) {
            LOG.warnf("Cycle records not acknowledged: %s", e.getMessage());
        }
    }

    /** Waits for the broker's acknowledgement of every send, or throws {@link KafkaUnavailable}. */
    static void awaitAll(List<CompletableFuture<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaUnavailable(
                    "Kafka did not accept the cycle's orders: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable(
                    "Kafka did not acknowledge the cycle's orders within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("Interrupted while waiting for Kafka");
        }
    }

    /** Whether the broker acknowledged {@code send} in time. */
    static boolean acknowledged(CompletableFuture<Void> send) {
        try {
            send.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
