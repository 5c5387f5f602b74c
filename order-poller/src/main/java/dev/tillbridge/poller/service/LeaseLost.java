package dev.tillbridge.poller.service;

/**
 * This replica no longer holds the integration's lease (it could not renew it in time, so another
 * replica may be polling). The cycle stops and commits nothing; the holder's cycle is the one that counts.
 */
public final class LeaseLost extends RuntimeException {

    public LeaseLost(String integrationId) {
        super(
                "Lost the lease of integration " + integrationId + "; another replica may poll it now",
                null,
                false,
                false);
    }
}
