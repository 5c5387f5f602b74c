package dev.tillbridge.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole current configuration of one integration (one Magento store and one POS), as the control
 * plane publishes it on the compacted {@code integrations} topic. A tombstone (null value) deletes it.
 *
 * <p>The Magento credentials travel sealed (AES-GCM, see {@code CredentialSealer}); only services that
 * hold the key can open them, and no {@code toString} shows them.
 */
public record IntegrationConfigured(
        String integrationId,
        String accountId,
        String name,
        String posName,
        MagentoConnection magento,
        List<Integer> storeIds,
        DownloadMode downloadMode,
        int syncIntervalSeconds,
        Instant startDate,
        List<String> notificationEmails,
        Integer alertIntervalMinutes,
        boolean enabled,
        long revision)
        implements EventPayload {

    public static final String TYPE = "integration.configured.v1";

    public IntegrationConfigured {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(accountId, "accountId is required");
        Objects.requireNonNull(magento, "magento is required");
        Objects.requireNonNull(downloadMode, "downloadMode is required");
        if (syncIntervalSeconds < 1) {
            throw new IllegalArgumentException("syncIntervalSeconds must be at least 1, was " + syncIntervalSeconds);
        }
        storeIds = storeIds == null ? List.of() : List.copyOf(storeIds);
        notificationEmails = notificationEmails == null ? List.of() : List.copyOf(notificationEmails);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /**
     * A new integration's configuration, field by field: enabled, at revision 1, with no store ids and no
     * notification e-mails until they are set. The other required values (magento, downloadMode,
     * syncIntervalSeconds) are checked by {@link Builder#build()}, as the canonical constructor checks them.
     */
    public static Builder builder(String integrationId, String accountId) {
        return new Builder().integrationId(integrationId).accountId(accountId);
    }

    /** A builder holding every field of this configuration, to make the next revision from it. */
    public Builder toBuilder() {
        return new Builder()
                .integrationId(integrationId)
                .accountId(accountId)
                .name(name)
                .posName(posName)
                .magento(magento)
                .storeIds(storeIds)
                .downloadMode(downloadMode)
                .syncIntervalSeconds(syncIntervalSeconds)
                .startDate(startDate)
                .notificationEmails(notificationEmails)
                .alertIntervalMinutes(alertIntervalMinutes)
                .enabled(enabled)
                .revision(revision);
    }

    /** Builds an {@link IntegrationConfigured}; the record's canonical constructor stays its JSON shape. */
    public static final class Builder {
        private String integrationId;
        private String accountId;
        private String name;
        private String posName;
        private MagentoConnection magento;
        private List<Integer> storeIds = List.of();
        private DownloadMode downloadMode;
        private int syncIntervalSeconds;
        private Instant startDate;
        private List<String> notificationEmails = List.of();
        private Integer alertIntervalMinutes;
        private boolean enabled = true;
        private long revision = 1;

        private Builder() {}

        public Builder integrationId(String integrationId) {
            this.integrationId = integrationId;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder posName(String posName) {
            this.posName = posName;
            return this;
        }

        public Builder magento(MagentoConnection magento) {
            this.magento = magento;
            return this;
        }

        public Builder magento(String baseUrl, String storeCode, String sealedCredentials) {
            return magento(new MagentoConnection(baseUrl, storeCode, sealedCredentials));
        }

        public Builder storeIds(List<Integer> storeIds) {
            this.storeIds = storeIds;
            return this;
        }

        public Builder downloadMode(DownloadMode downloadMode) {
            this.downloadMode = downloadMode;
            return this;
        }

        public Builder syncIntervalSeconds(int syncIntervalSeconds) {
            this.syncIntervalSeconds = syncIntervalSeconds;
            return this;
        }

        public Builder startDate(Instant startDate) {
            this.startDate = startDate;
            return this;
        }

        public Builder notificationEmails(List<String> notificationEmails) {
            this.notificationEmails = notificationEmails;
            return this;
        }

        public Builder alertIntervalMinutes(Integer alertIntervalMinutes) {
            this.alertIntervalMinutes = alertIntervalMinutes;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        /** The revision after the one this builder holds: every change the control plane publishes is one. */
        public Builder nextRevision() {
            return revision(revision + 1);
        }

        public IntegrationConfigured build() {
            return new IntegrationConfigured(
                    integrationId,
                    accountId,
                    name,
                    posName,
                    magento,
                    storeIds,
                    downloadMode,
                    syncIntervalSeconds,
                    startDate,
                    notificationEmails,
                    alertIntervalMinutes,
                    enabled,
                    revision);
        }
    }

    /** Where and how to reach the store. {@code sealedCredentials} is ciphertext, never a token. */
    public record MagentoConnection(String baseUrl, String storeCode, String sealedCredentials) {
        public MagentoConnection {
            Objects.requireNonNull(baseUrl, "magento.baseUrl is required");
            storeCode = storeCode == null || storeCode.isBlank() ? "default" : storeCode;
        }

        @Override
        public String toString() {
            return "MagentoConnection[baseUrl=" + baseUrl + ", storeCode=" + storeCode + ", sealedCredentials=***]";
        }
    }
}
