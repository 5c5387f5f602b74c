package dev.tillbridge.status.service;

import dev.tillbridge.events.IntegrationConfigured;

/**
 * Turns a request into the configuration the control plane publishes: a create fills what it leaves out with the
 * creation defaults ({@link IntegrationRules}); a change (RFC 7396 JSON merge patch) replaces exactly the fields it
 * names, {@code null} clearing an optional one, and keeps the rest of the current configuration.
 */
final class IntegrationMergePatch {

    private IntegrationMergePatch() {}

    /** Revision {@code revision} of a new integration, with its credentials already sealed. */
    static IntegrationConfigured created(
            IntegrationChange change, String integrationId, String accountId, String sealedCredentials, long revision) {
        return IntegrationConfigured.builder(integrationId, accountId)
                .name(change.name())
                .posName(change.posName())
                .magento(
                        change.baseUrl(),
                        change.storeCode() == null ? IntegrationRules.DEFAULT_STORE_CODE : change.storeCode(),
                        sealedCredentials)
                .storeIds(change.storeIds())
                .downloadMode(
                        change.downloadMode() == null ? IntegrationRules.defaultDownloadMode() : change.downloadMode())
                .syncIntervalSeconds(
                        change.syncIntervalSeconds() == null
                                ? IntegrationRules.DEFAULT_SYNC_INTERVAL_SECONDS
                                : change.syncIntervalSeconds())
                .startDate(change.startDate())
                .notificationEmails(change.notificationEmails())
                .alertIntervalMinutes(change.alertIntervalMinutes())
                .enabled(change.enabled() == null ? IntegrationRules.DEFAULT_ENABLED : change.enabled())
                .revision(revision)
                .build();
    }

    /**
     * The next revision of {@code current}: the fields {@code change} names replaced, the others kept; the
     * credentials are {@code sealedCredentials} (the new ones sealed, or the current ones).
     */
    static IntegrationConfigured patched(
            IntegrationConfigured current, IntegrationChange change, String sealedCredentials) {
        var magento = current.magento();
        return current.toBuilder()
                .name(change.has("name") ? change.name() : current.name())
                .posName(change.has("posName") ? change.posName() : current.posName())
                .magento(
                        change.has("magento.baseUrl") ? change.baseUrl() : magento.baseUrl(),
                        change.has("magento.storeCode") ? change.storeCode() : magento.storeCode(),
                        sealedCredentials)
                .storeIds(change.has("storeIds") ? change.storeIds() : current.storeIds())
                .downloadMode(change.has("downloadMode") ? change.downloadMode() : current.downloadMode())
                .syncIntervalSeconds(
                        change.has("syncIntervalSeconds")
                                ? change.syncIntervalSeconds()
                                : current.syncIntervalSeconds())
                .startDate(change.has("startDate") ? change.startDate() : current.startDate())
                .notificationEmails(
                        change.has("notificationEmails") ? change.notificationEmails() : current.notificationEmails())
                .alertIntervalMinutes(
                        change.has("alertIntervalMinutes")
                                ? change.alertIntervalMinutes()
                                : current.alertIntervalMinutes())
                .enabled(change.has("enabled") ? change.enabled() : current.enabled())
                .nextRevision()
                .build();
    }
}
