package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * The runs' progress: on each tick (every {@code progressInterval}, 250 ms, so at most four records a second
 * per run), each run that moved is read back from PostgreSQL (so replicas and restarts agree) and its
 * current progress published, with its rate over the last 10 s and the time left; a run whose positions are
 * all counted is closed once, with a last record and an Info log line. Only the run on an integration's
 * dashboard (not a superseded or side run) publishes progress, since the topic keeps one record per
 * integration.
 */
final class RunProgress {

    private static final Logger LOG = Logger.getLogger(RunProgress.class);
    private static final Duration RATE_SPAN = Duration.ofSeconds(10);

    private final RunRepository runs;
    private final PusherEvents events;
    private final AlertKeeper alerts;
    private final PushSettings settings;
    private final Clock clock;
    private final Set<RunKey> moved = ConcurrentHashMap.newKeySet();
    private final Map<RunKey, RateWindow> rates = new ConcurrentHashMap<>();
    private final Map<RunKey, Integer> failedSeen = new ConcurrentHashMap<>();
    private final Map<RunKey, String> frequentError = new ConcurrentHashMap<>();
    private final Consumer<RunSnapshot> onClosed;
    private final ToIntFunction<String> inFlight;

    /** {@code inFlight}: an integration's saves sent and not answered yet (0 when unknown). */
    RunProgress(
            RunRepository runs,
            PusherEvents events,
            AlertKeeper alerts,
            PushSettings settings,
            Clock clock,
            Consumer<RunSnapshot> onClosed,
            ToIntFunction<String> inFlight) {
        this.onClosed = onClosed;
        this.inFlight = inFlight;
        this.runs = runs;
        this.events = events;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    void moved(RunKey run) {
        moved.add(run);
    }

    /** One tick: publish what moved, close what is complete. Called by one thread. */
    void tick() {
        for (RunKey key : Set.copyOf(moved)) {
            moved.remove(key);
            try {
                runs.find(key).ifPresent(this::report);
            } catch (RuntimeException e) {
                moved.add(key);
                LOG.warnf("Progress of run %s not published this time: %s", key, e.getMessage());
            }
        }
    }

    private void report(RunSnapshot run) {
        RateWindow rate = rates.computeIfAbsent(run.key(), k -> new RateWindow(RATE_SPAN));
        rate.sample(System.nanoTime(), run.done());
        if (run.closed()) {
            onClosed.accept(run);
            return;
        }
        if (run.done() >= run.total()) {
            Optional<RunSnapshot> closed =
                    runs.closeIfComplete(run.key(), settings.rejectionThreshold(), clock.instant());
            if (closed.isPresent()) {
                onClosed.accept(closed.get());
                finished(closed.get(), rate);
            }
            return;
        }
        if (run.current()) {
            publish(run, RunState.RUNNING, rate);
            watchRejections(run);
        }
    }

    private void finished(RunSnapshot run, RateWindow rate) {
        String id = run.key().integrationId();
        if (run.current()) {
            publish(run, RunState.valueOf(run.state()), rate);
            watchRejections(run);
            if (!rejecting(run)) {
                alerts.resolve(
                        id,
                        run.accountId(),
                        AlertCode.PRODUCT_REJECTIONS,
                        "Run " + run.key().runId() + " completed with " + run.failed() + " of " + run.total()
                                + " products rejected.");
            }
        }
        Duration took = Duration.between(run.startedAt(), run.finishedAt());
        double perSecond = took.toMillis() <= 0 ? run.done() : run.done() * 1000.0 / took.toMillis();
        String how = RunSnapshot.SUPERSEDED.equals(run.state()) ? " (the POS had started the catalog again)" : "";
        String message = String.format(
                Locale.ROOT,
                "Finished product run %s%s: %,d of %,d products sent to Magento, %,d failed, in %s (%.1f/s).",
                run.key().runId(),
                how,
                run.sent(),
                run.total(),
                run.failed(),
                human(took),
                perSecond);
        events.publish(
                Topics.INTEGRATION_LOGS,
                id,
                EventEnvelope.withStableId(
                        run.key() + "|finished",
                        run.accountId(),
                        id,
                        LogEntry.info(id, LogService.MAGENTO, PusherEvents.ORIGIN, message),
                        clock));
        LOG.infof("Integration %s: %s", id, message);
        rates.remove(run.key());
        failedSeen.remove(run.key());
        frequentError.remove(run.key());
    }

    private void publish(RunSnapshot run, RunState state, RateWindow rate) {
        double perSecond = Math.round(rate.perSecond() * 10) / 10.0;
        Long eta = state == RunState.RUNNING ? rate.etaSeconds(run.total() - run.done()) : Long.valueOf(0);
        var progress = new ProductProgress(
                run.key().integrationId(),
                run.key().runId(),
                run.sent(),
                run.failed(),
                run.total(),
                state,
                perSecond,
                eta,
                run.lastSku(),
                run.lastSentAt(),
                run.startedAt(),
                run.restarts(),
                mostFrequentError(run).orElse(null));
        events.publish(
                Topics.PRODUCT_PROGRESS,
                run.key().integrationId(),
                EventEnvelope.of(run.accountId(), run.key().integrationId(), progress, clock));
    }

    /** Read again only when the run's failures moved: it is a query over the positions of the chain of runs. */
    private Optional<String> mostFrequentError(RunSnapshot run) {
        boolean chained = run.restarts() > 0;
        if (run.failed() == 0 && !chained) {
            return Optional.empty();
        }
        Integer seen = failedSeen.get(run.key());
        if (seen == null || seen != run.failed() || !frequentError.containsKey(run.key())) {
            failedSeen.put(run.key(), run.failed());
            runs.mostFrequentError(run.key().integrationId(), run.loopStartedAt())
                    .ifPresent(e -> frequentError.put(run.key(), e));
        }
        return Optional.ofNullable(frequentError.get(run.key()));
    }

    /**
     * Whether the run's rejections are above the threshold. A refusal comes back faster than a save, so among the
     * products sent the refused ones are counted first: with 5 % refused and a few dozen saves in flight, "5 of the
     * first 30 done" was 17 % (seen on a loaded machine). The saves still in flight count in the denominator as not
     * refused yet, so the share is never overstated by the order in which answers arrive; once they are answered it
     * is exact.
     */
    private boolean rejecting(RunSnapshot run) {
        int pending = Math.max(0, inFlight.applyAsInt(run.key().integrationId()));
        return run.done() >= Math.min(settings.rejectionMinProducts(), run.total())
                && run.failed() > settings.rejectionThreshold() * (run.done() + pending);
    }

    private void watchRejections(RunSnapshot run) {
        if (rejecting(run)) {
            String error =
                    mostFrequentError(run).map(e -> " Most frequent: " + e).orElse("");
            alerts.raise(
                    run.key().integrationId(),
                    run.accountId(),
                    AlertCode.PRODUCT_REJECTIONS,
                    String.format(
                            Locale.ROOT,
                            "Magento rejected %,d of the %,d products sent so far in run %s (%.0f %%).%s",
                            run.failed(),
                            run.done(),
                            run.key().runId(),
                            100.0 * run.failed() / run.done(),
                            error));
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return s / 60 + " min " + s % 60 + " s";
    }
}
