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
