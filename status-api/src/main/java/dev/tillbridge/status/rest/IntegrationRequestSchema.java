package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.IntegrationRules;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of a create or change request, for the OpenAPI document only: bodies are read field by field
 * ({@code IntegrationChange}) so each refused value is named. The defaults a create gets for a field it leaves
 * out, and the limits, are {@link IntegrationRules}' constants, so the document states what the code does.
 */
public record IntegrationRequestSchema(
        @Schema(description = "Create only. Left out: Tillbridge generates one (int-xxxxxxxx-xxxx)")
        String integrationId,

        @Schema(description = "Create only, for an operator: the account the integration belongs to")
        String accountId,

        @Schema(description = "Required on create", maxLength = IntegrationRules.MAX_NAME_LENGTH)
        String name,

        @Schema(maxLength = IntegrationRules.MAX_POS_NAME_LENGTH)
        String posName,

        Magento magento,

        @Schema(
                description = "Magento store ids whose orders are downloaded; empty: every store",
                maxItems = IntegrationRules.MAX_STORE_IDS)
        List<Integer> storeIds,

        @Schema(
                enumeration = {"AUTO_INVOICE", "WAIT_FOR_INVOICE"},
                defaultValue = IntegrationRules.DEFAULT_DOWNLOAD_MODE)
        String downloadMode,

        @Schema(
                minimum = "" + IntegrationRules.MIN_SYNC_INTERVAL_SECONDS,
                maximum = "" + IntegrationRules.MAX_SYNC_INTERVAL_SECONDS,
                defaultValue = "" + IntegrationRules.DEFAULT_SYNC_INTERVAL_SECONDS)
        Integer syncIntervalSeconds,

        @Schema(description = "A date (2024-12-13) or an ISO-8601 instant: orders created before it are skipped")
        String startDate,

        @Schema(maxItems = IntegrationRules.MAX_EMAILS) List<String> notificationEmails,

        @Schema(
                minimum = "" + IntegrationRules.MIN_ALERT_INTERVAL_MINUTES,
                maximum = "" + IntegrationRules.MAX_ALERT_INTERVAL_MINUTES)
        Integer alertIntervalMinutes,

        @Schema(defaultValue = "" + IntegrationRules.DEFAULT_ENABLED)
        Boolean enabled) {

    public record Magento(
            @Schema(
                    description = "Required on create: an absolute http or https URL",
                    maxLength = IntegrationRules.MAX_BASE_URL_LENGTH)
            String baseUrl,

            @Schema(defaultValue = IntegrationRules.DEFAULT_STORE_CODE)
            String storeCode,

            Credentials credentials) {}

    /** Required on create. {@code kind} bearer: accessToken; oauth1: the four values. Write-only. */
    public record Credentials(
            String kind, String accessToken, String consumerKey, String consumerSecret, String accessTokenSecret) {}
}
