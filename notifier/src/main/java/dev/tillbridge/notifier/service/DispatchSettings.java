package dev.tillbridge.notifier.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** The settings the sender works with, checked once at start. */
public record DispatchSettings(
        Duration defaultInterval,
        int batchSize,
        String settingsUrl,
        String messageIdDomain,
        String subjectPrefix,
        RetryBackoff backoff) {

    public DispatchSettings {
        Objects.requireNonNull(defaultInterval, "defaultInterval is required");
        Objects.requireNonNull(backoff, "backoff is required");
        if (defaultInterval.isNegative() || defaultInterval.isZero()) {
            throw new IllegalArgumentException("tillbridge.notifier.interval must be positive, was " + defaultInterval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("tillbridge.notifier.batch-size must be at least 1, was " + batchSize);
        }
        URI uri = URI.create(settingsUrl);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null
                || !settingsUrl.equals(HeaderText.singleLine(settingsUrl, 500))
                || settingsUrl.contains(">")) {
            throw new IllegalArgumentException("tillbridge.notifier.settings-url must be an absolute http(s) URL, was "
                    + HeaderText.singleLine(settingsUrl, 200));
        }
        if (!messageIdDomain.matches("[A-Za-z0-9.-]{1,100}")) {
            throw new IllegalArgumentException("tillbridge.notifier.message-id-domain must be a host name");
        }
        subjectPrefix = HeaderText.singleLine(subjectPrefix, 30);
    }

    /** The account's own settings page: the configured URL with the account id as a query parameter. */
    public String settingsLink(String accountId) {
        String separator = settingsUrl.contains("?") ? "&" : "?";
        return settingsUrl + separator + "account=" + URLEncoder.encode(accountId, StandardCharsets.UTF_8);
    }
}
