package dev.tillbridge.pusher.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The runs records arrive for: the first record of a run opens it in the run store (superseding or beside
 * the integration's current run, {@link RunStart}) and announces it in the integration's log; open runs are
 * remembered here so later records do not ask the database.
 */
final class OpenRuns {

    private static final Logger LOG = Logger.getLogger(OpenRuns.class);

    private final RunRepository runs;
    private final PusherEvents events;
    private final RunProgress progress;
    private final Clock clock;
    private final Map<RunKey, RunSnapshot> open = new ConcurrentHashMap<>();

    OpenRuns(RunRepository runs, PusherEvents events, RunProgress progress, Clock clock) {
        this.runs = runs;
        this.events = events;
        this.progress = progress;
        this.clock = clock;
    }

    /** A run a previous process left open: its progress is published again, its records find it here. */
    void resume(RunSnapshot run) {
        open.put(run.key(), run);
        progress.moved(run.key());
    }

    /** A run closed: its late records find it closed in the run store. */
    void forget(RunKey run) {
        open.remove(run);
    }

    /** The run of a record, opened (and announced) on its first record. */
    RunSnapshot of(IntegrationLane lane, String runId, int total) {
        RunKey key = new RunKey(lane.integrationId(), runId);
        RunSnapshot known = open.get(key);
        if (known != null) {
            return known;
        }
        RunRepository.OpenedRun opened = runs.open(key, lane.accountId(), total, clock.instant());
        if (opened.created()) {
            started(lane, opened);
        }
        if (!opened.run().closed()) {
            open.put(key, opened.run());
            progress.moved(key);
        }
        return opened.run();
    }

    private void started(IntegrationLane lane, RunRepository.OpenedRun opened) {
        RunSnapshot run = opened.run();
        String id = lane.integrationId();
        String why = "";
        if (opened.start() instanceof RunStart.Restart restart) {
            why = " The POS started again before run " + restart.supersededRunId() + " completed (restart "
                    + restart.restarts() + ").";
        } else if (opened.start() instanceof RunStart.Side side) {
            why = " It is sent alongside run " + side.currentRunId() + ".";
        }
        String message = String.format(
                Locale.ROOT,
                "Started product run %s: %,d %s to send to Magento.%s",
                run.key().runId(),
                run.total(),
                run.total() == 1 ? "product" : "products",
                why);
        events.publish(
                Topics.INTEGRATION_LOGS,
                id,
                EventEnvelope.withStableId(
                        run.key() + "|started",
                        run.accountId(),
                        id,
                        LogEntry.info(id, LogService.MAGENTO, PusherEvents.ORIGIN, message),
                        clock));
        LOG.infof("Integration %s: %s", id, message);
    }
}
