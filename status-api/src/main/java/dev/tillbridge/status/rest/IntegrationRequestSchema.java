package dev.tillbridge.status.rest;

import java.util.List;

/**
 * The shape of a create or change request, for the OpenAPI document only: bodies are read field by field
 * ({@code IntegrationChange}) so each refused value is named.
 */
public record IntegrationRequestSchema(
        String integrationId,
        String accountId,
        String name,
        String posName,
        Magento magento,
        List<Integer> storeIds,
        String downloadMode,
        Integer syncIntervalSeconds,
        String startDate,
        List<String> notificationEmails,
        Integer alertIntervalMinutes,
        Boolean enabled) {

    public record Magento(String baseUrl, String storeCode, Credentials credentials) {}

    /** {@code kind} bearer: accessToken; oauth1: the four values. Write-only. */
    public record Credentials(
            String kind, String accessToken, String consumerKey, String consumerSecret, String accessTokenSecret) {}
}
