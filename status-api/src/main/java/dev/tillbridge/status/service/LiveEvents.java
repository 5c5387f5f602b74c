package dev.tillbridge.status.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Feeds the Server-Sent Events streams: every read-model change, once its transaction committed, goes to
 * the streams of its integration. A client that falls a bounded buffer behind has its stream ended (the
 * page reconnects and starts from the whole current document); it never stalls the consumers.
 */
@ApplicationScoped
public class LiveEvents {

    private static final int BUFFER = 256;

    private final BroadcastProcessor<ReadModelChanged> changes = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReadModelChanged change) {
        // A processor's onNext must not run concurrently; the consumers of several topics call this.
        synchronized (changes) {
            changes.onNext(change);
        }
    }

    public Multi<ReadModelChanged> of(String integrationId) {
        return changes.filter(change -> change.integrationId().equals(integrationId))
                .onOverflow()
                .buffer(BUFFER);
    }
}
