package dev.tillbridge.notifier.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the notifier needs to know about an account from its integrations: where its mail goes, what its
 * integrations are called, and the repeat interval it asked for, if any.
 */
public record AccountContact(
        String accountId,
        List<String> addresses,
        Map<String, String> integrationNames,
        Optional<Duration> intervalOverride) {

    public AccountContact {
        addresses = List.copyOf(addresses);
        integrationNames = Map.copyOf(integrationNames);
    }

    public static AccountContact unknown(String accountId) {
        return new AccountContact(accountId, List.of(), Map.of(), Optional.empty());
    }

    public Duration interval(Duration defaultInterval) {
        return intervalOverride.orElse(defaultInterval);
    }

    public String nameOf(String integrationId) {
        String name = integrationNames.get(integrationId);
        return name == null || name.isBlank() ? integrationId : name;
    }
}
