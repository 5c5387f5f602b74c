package dev.tillbridge.poller.service;

/**
 * The integration was deleted (its tombstone read) after this cycle started: the cycle belongs to an
 * incarnation that no longer exists, so it writes nothing, and an integration created again with the same id
 * starts from its own start date.
 */
public final class IncarnationEnded extends RuntimeException {

    public IncarnationEnded(String integrationId) {
        super(
                "Integration " + integrationId + " was deleted while its cycle ran; the cycle's state is dropped",
                null,
                false,
                false);
    }
}
