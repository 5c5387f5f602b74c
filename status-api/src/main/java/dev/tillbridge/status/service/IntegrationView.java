package dev.tillbridge.status.service;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import java.time.Instant;
import java.util.List;

/**
 * An integration's settings as the API shows them. The Magento credentials are write-only: the view says
 * whether they are set and of which kind, never their value (nor the sealed form).
 */
public record IntegrationView(
        String integrationId,
        String accountId,
        String name,
        String posName,
        MagentoView magento,
        List<Integer> storeIds,
        DownloadMode downloadMode,
        int syncIntervalSeconds,
        Instant startDate,
        List<String> notificationEmails,
        Integer alertIntervalMinutes,
        boolean enabled,
        long revision) {

    public record MagentoView(String baseUrl, String storeCode, boolean credentialsSet, String credentialsKind) {}

    static IntegrationView of(IntegrationConfigured c, String credentialsKind) {
        var m = c.magento();
        boolean set = m.sealedCredentials() != null && !m.sealedCredentials().isBlank();
        return new IntegrationView(
                c.integrationId(),
                c.accountId(),
                c.name(),
                c.posName(),
                new MagentoView(m.baseUrl(), m.storeCode(), set, set ? credentialsKind : null),
                c.storeIds(),
                c.downloadMode(),
                c.syncIntervalSeconds(),
                c.startDate(),
                c.notificationEmails(),
                c.alertIntervalMinutes(),
                c.enabled(),
                c.revision());
    }
}
