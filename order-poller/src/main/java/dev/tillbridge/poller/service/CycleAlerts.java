package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The alert of an integration's cycles, by the one lifecycle of {@link AlertBook}. A failed cycle raises the alert
 * of its failure, and every further failed cycle publishes it again with its count (a repeat of zero); a failure of
 * another kind first resolves the held alert as superseded. The next good cycle resolves it. The held alert lives in
 * {@code sync_state} ({@link SyncState#alert}) and is forgotten only after the broker acknowledged its RESOLVED
 * record: a crash or a refused send in between leaves it held, and the next good cycle resolves it again (same key
 * on the compacted topic).
 */
final class CycleAlerts {

    private static final Logger LOG = Logger.getLogger(CycleAlerts.class);
    /** Every failed cycle publishes its alert again. */
    private static final Duration EVERY_FAILURE = Duration.ZERO;

    private final SyncStateRepository repository;
    private final Clock clock;

    CycleAlerts(SyncStateRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A failed cycle at {@code now}: publishes the alert's changes and answers the alert to hold from now on. */
    Held failed(SyncState state, CycleFailure failure, Instant now, CycleRecords records) {
        Held held = state.alert();
        if (held != null && held.code() != failure.code()) {
            AlertBook.cleared(held)
                    .ifPresent(t -> publish(
                            records, "superseded", t, failure.service(), "Superseded by " + failure.code() + ".", now));
            held = null;
        }
        AlertBook.Seen seen = AlertBook.seen(held, failure.code(), failure.message(), now, EVERY_FAILURE);
        seen.publish().ifPresent(t -> publish(records, "raised", t, failure.service(), failure.message(), now));
        return seen.held();
    }

    /** A good cycle: resolves the held alert, and forgets it once the broker has the RESOLVED record. */
    void succeeded(SyncState state, CycleRecords records) {
        Optional<AlertBook.Transition> resolve = AlertBook.cleared(state.alert());
        if (resolve.isEmpty()) {
            return;
        }
        String id = state.integrationId();
        AlertCode code = resolve.get().code();
        CompletableFuture<Void> resolved =
                publish(records, "resolved", resolve.get(), LogService.MAGENTO, resolvedMessage(code), clock.instant());
        if (CycleRecords.acknowledged(resolved)) {
            repository.clearAlert(id, state.generation());
            LOG.infof("Integration %s: %s resolved", id, code);
        } else {
            LOG.warnf(
                    "Integration %s: the resolve of %s was not acknowledged; the next good cycle sends it again",
                    id, code);
        }
    }

    private static CompletableFuture<Void> publish(
            CycleRecords records,
            String what,
            AlertBook.Transition transition,
            LogService service,
            String message,
            Instant now) {
        Held alert = transition.held();
        return records.alert(
                what,
                new AlertChanged(
                        records.integrationId(),
                        alert.code(),
                        transition.state(),
                        service,
                        message,
                        null,
                        alert.firstSeenAt(),
                        now,
                        alert.occurrences(),
                        SyncCycleRunner.ORIGIN));
    }

    private static String resolvedMessage(AlertCode code) {
        return switch (code) {
            case CREDENTIALS_UNREADABLE ->
                "Tillbridge opens the integration's credentials again; orders are downloading.";
            case MAGENTO_ADDRESS_REFUSED -> "Tillbridge connects to the store's address again; orders are downloading.";
            default -> "Magento answers again; orders are downloading.";
        };
    }
}
