package dev.tillbridge.pusher.service;

/** A product run of one integration, as the POS named it. */
public record RunKey(String integrationId, String runId) {

    @Override
    public String toString() {
        return integrationId + "/" + runId;
    }
}
