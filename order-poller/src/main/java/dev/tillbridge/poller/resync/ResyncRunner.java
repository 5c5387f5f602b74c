package dev.tillbridge.poller.resync;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.poller.service.KeysetPages;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.OrderSync;
import dev.tillbridge.poller.service.SyncStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Resyncs, an operator's re-read of an integration's orders from a date: started and cancelled by commands from
 * status-api, read a few pages per step next to the regular cycles. Plain Java, like the cycle.
 *
 * <p>A step reads at most {@code pagesPerStep} keyset pages (the cycle's own page logic, {@link KeysetPages#pageAfter})
 * of orders with {@code updated_at} from the cursor up to the regular watermark as it was when the resync started,
 * publishes them to {@code raw-orders}, waits for Kafka's acknowledgements and only then moves the resync's own cursor
 * in PostgreSQL: a crash repeats at most one step, whose records carry the same ids. It never writes the regular
 * watermark. Orders go out as observations with the id a cycle gives the same version, so invoice-filter's ledger
 * decides them as usual: an order released before is not released again, one never released (missed, or skipped
 * for a reason that no longer holds) is decided now. Without force an order whose version the regular cycles already
 * published ({@code published_recent}) is not sent at all. With force each order is preceded by a re-download
 * request that applies only to an order released before, so those go out again, marked as re-downloads.
 */
public final class ResyncRunner {

    private static final Logger LOG = Logger.getLogger(ResyncRunner.class);
    public static final String ORIGIN = "order-poller";
    /** Magento failures in a row that end a resync as FAILED; fewer are retried with back-off. */
    static final int MAX_FAILURES = 5;

    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final ResyncRepository resyncs;
    private final SyncStateRepository states;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final int pageSize;
    private final int pagesPerStep;

    public ResyncRunner(
            ResyncRepository resyncs,
            SyncStateRepository states,
            OrderPublisher publisher,
            Clock clock,
            int pageSize,
            int pagesPerStep) {
        this.resyncs = resyncs;
        this.states = states;
        this.publisher = publisher;
        this.clock = clock;
        this.pageSize = pageSize;
        this.pagesPerStep = pagesPerStep;
    }

    /** Applies a start command once: a redelivery only repeats where the resync stands. */
    public ResyncRepository.Start start(String accountId, ResyncRequested request) {
        ResyncRepository.Start outcome = resyncs.start(
                request.resyncId(),
                request.integrationId(),
                accountId,
                request.from(),
                request.force(),
                request.requestedBy(),
                clock.instant());
        switch (outcome) {
            case STARTED -> {
                Resync resync = resyncs.find(request.resyncId()).orElseThrow();
                String sentence = "Resync started by " + who(resync.requestedBy()) + ": reading orders updated from "
                        + MagentoTime.format(resync.from()) + " up to " + MagentoTime.format(resync.upTo()) + "; "
                        + (resync.force()
                                ? "orders released before go out again as re-downloads."
                                : "orders released before are not sent again.");
                announce(resync, resync.progress(), sentence, "started");
            }
            case BUSY -> {
                var refused = new ResyncProgress(
                        request.integrationId(),
                        request.resyncId(),
                        request.from(),
                        null,
                        null,
                        request.force(),
                        0,
                        0,
                        ResyncProgress.State.FAILED,
                        "Another resync of this integration is running; cancel it first.");
                awaitAll(List.of(send(
                        accountId, request.integrationId(), Topics.SYNC_CYCLES, request.integrationId(), refused)));
            }
            case SEEN -> resyncs.find(request.resyncId()).ifPresent(resync -> awaitAll(List.of(progress(resync))));
        }
        return outcome;
    }

    /** Cancels a running resync; a resync that ended already (or a repeated command) changes nothing. */
    public Optional<Resync> cancel(ResyncCancelRequested request) {
        Optional<Resync> cancelled = resyncs.cancel(request.resyncId(), clock.instant());
        cancelled.ifPresent(resync -> announce(
                resync,
                resync.progress(),
                "Resync cancelled by " + who(request.requestedBy()) + " after reading " + resync.ordersFound()
                        + " orders"
                        + (resync.pages() == 0 ? "" : " (up to " + MagentoTime.format(resync.cursorTime()) + ")")
                        + ".",
                "cancelled"));
        return cancelled;
    }

    /**
     * One bounded step of a claimed resync as lease holder {@code owner}. Returns the resync as recorded afterwards,
     * or empty when it was cancelled or its integration deleted meanwhile (nothing recorded then).
     */
    public Optional<Resync> step(ResyncRepository.Claimed claimed, MagentoClient magento, String owner) {
        Resync resync = claimed.resync();
        if (resync.state() != ResyncProgress.State.RUNNING) {
            return Optional.empty();
        }
        IntegrationConfigured integration = claimed.integration();
        // Up to and including the watermark's second (Magento's timestamps have seconds only); the cycles read on
        // from the watermark minus the overlap, so the two spans meet.
        Instant before = resync.upTo().plusSeconds(1);
        KeysetPages reader = new KeysetPages(magento, pageSize);
        Map<Long, Instant> published = resync.force() ? Map.of() : states.publishedRecently(resync.integrationId());
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        Instant cursorTime = resync.cursorTime();
        long cursorId = resync.cursorId();
        long found = resync.ordersFound();
        long sent = resync.ordersSent();
        long pages = resync.pages();
        boolean done = false;
        String failure = null;
        try {
            for (int i = 0; i < pagesPerStep && !done; i++) {
                List<OrderSnapshot> page = reader.pageAfter(cursorTime, cursorId, before);
                for (OrderSnapshot order : page) {
                    found++;
                    if (publish(resync, integration, order, published, sends)) {
                        sent++;
                    }
                }
                if (!page.isEmpty()) {
                    OrderSnapshot last = page.get(page.size() - 1);
                    cursorTime = last.updatedAt();
                    cursorId = last.entityId();
                }
                pages++;
                done = page.size() < pageSize;
            }
        } catch (MagentoException e) {
            failure = e.readableMessage();
        }
        Instant now = clock.instant();
        try {
            awaitAll(sends);
        } catch (IllegalStateException e) {
            // Nothing moves: the same pages are read again after a pause (their records carry the same ids).
            LOG.warnf(
                    "Integration %s: resync %s step not acknowledged: %s",
                    resync.integrationId(), resync.resyncId(), e.getMessage());
            return resyncs.advance(resync, owner, now.plusSeconds(5), now);
        }
        int failures = failure == null ? 0 : resync.failures() + 1;
        ResyncProgress.State state = done
                ? ResyncProgress.State.DONE
                : failures >= MAX_FAILURES ? ResyncProgress.State.FAILED : ResyncProgress.State.RUNNING;
        Resync next = new Resync(
                resync.resyncId(),
                resync.integrationId(),
                resync.accountId(),
                resync.from(),
                resync.upTo(),
                resync.force(),
                resync.requestedBy(),
                state,
                cursorTime,
                cursorId,
                found,
                sent,
                pages,
                failures,
                failure);
        Instant nextRun = failures == 0 ? now : now.plusSeconds(1L << Math.min(failures, 8));
        Optional<Resync> recorded = resyncs.advance(next, owner, nextRun, now);
        recorded.ifPresent(r -> {
            switch (r.state()) {
                case DONE ->
                    announce(
                            r,
                            r.progress(),
                            "Resync from " + MagentoTime.format(r.from()) + " done: read " + r.ordersFound()
                                    + " orders updated up to " + MagentoTime.format(r.upTo()) + ", sent "
                                    + r.ordersSent()
                                    + " to the download decision.",
                            "done");
                case FAILED ->
                    announce(
                            r,
                            r.progress(),
                            "Resync from " + MagentoTime.format(r.from()) + " stopped after " + MAX_FAILURES
                                    + " failed attempts: " + r.message(),
                            "failed");
                default -> awaitQuietly(progress(r));
            }
        });
        return recorded;
    }

    /** Sends one order (with force, a re-download request first); false when the regular cycles sent this version. */
    private boolean publish(
            Resync resync,
            IntegrationConfigured integration,
            OrderSnapshot order,
            Map<Long, Instant> published,
            List<CompletableFuture<Void>> sends) {
        if (!resync.force() && order.updatedAt().equals(published.get(order.entityId()))) {
            return false;
        }
        String key = Topics.orderKey(resync.integrationId(), order.entityId());
        if (resync.force()) {
            // Before the observation, so it finds only releases made before this resync; its id is stable per resync
            // and order, so a step repeated after a crash is honoured once (invoice-filter remembers request ids).
            var request = new RedownloadRequested(
                    resync.integrationId(), order.entityId(), "resync by " + who(resync.requestedBy()), true);
            sends.add(publisher.send(
                    Topics.RAW_ORDERS,
                    key,
                    EventEnvelope.withStableId(
                            resync.resyncId() + "|" + order.entityId(),
                            resync.accountId(),
                            resync.integrationId(),
                            request,
                            clock)));
        }
        sends.add(publisher.send(
                Topics.RAW_ORDERS,
                key,
                OrderSync.observation(integration, resync.resyncId(), OrderObserved.ObservedBy.RESYNC, order, clock)));
        return true;
    }

    private void announce(Resync resync, ResyncProgress progress, String sentence, String what) {
        LogEntry line = LogEntry.info(resync.integrationId(), LogService.TILLBRIDGE, ORIGIN, sentence);
        awaitQuietly(
                send(resync.accountId(), resync.integrationId(), Topics.SYNC_CYCLES, resync.integrationId(), progress),
                publisher.send(
                        Topics.INTEGRATION_LOGS,
                        resync.integrationId(),
                        EventEnvelope.withStableId(
                                resync.resyncId() + "|" + what,
                                resync.accountId(),
                                resync.integrationId(),
                                line,
                                clock)));
        LOG.infof("Integration %s: resync %s: %s", resync.integrationId(), resync.resyncId(), sentence);
    }

    private CompletableFuture<Void> progress(Resync resync) {
        return send(
                resync.accountId(),
                resync.integrationId(),
                Topics.SYNC_CYCLES,
                resync.integrationId(),
                resync.progress());
    }

    private CompletableFuture<Void> send(
            String accountId, String integrationId, String topic, String key, EventPayload payload) {
        return publisher.send(topic, key, EventEnvelope.of(accountId, integrationId, payload, clock));
    }

    private static String who(String requestedBy) {
        return requestedBy == null ? "an operator" : requestedBy;
    }

    private static void awaitQuietly(CompletableFuture<?>... sends) {
        try {
            awaitAll(List.of(sends));
        } catch (IllegalStateException e) {
            // Progress is shown again by the next step; the resync's own state is in PostgreSQL.
            LOG.warnf("Resync records not acknowledged: %s", e.getMessage());
        }
    }

    private static void awaitAll(List<? extends CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka did not accept the resync's records: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the resync's records in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka");
        }
    }
}
