package dev.tillbridge.notifier.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.integration.IntegrationChanged;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.notifier.store.AlertStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account's contact details from the integrations the directory holds for it: the notification addresses
 * of all its integrations together, their names, and the shortest {@code alertIntervalMinutes} any of them
 * asks for (the most eager wins, so no integration is mailed less often than it asked).
 */
@ApplicationScoped
public class DirectoryContacts implements AccountContacts {

    private final IntegrationDirectory directory;
    private final AlertStore store;

    public DirectoryContacts(IntegrationDirectory directory, AlertStore store) {
        this.directory = directory;
        this.store = store;
    }

    /**
     * New addresses may fix what made the last attempt fail: try the account's waiting mail at the next tick. A
     * tombstone ends the integration's alerts: nothing more is mailed about it, and nothing of it is carried
     * into the same id created again. A failure here fails the directory's record, which is retried.
     */
    void onIntegrationChanged(@Observes IntegrationChanged change) {
        change.config()
                .ifPresentOrElse(
                        config -> store.retrySoon(config.accountId()),
                        () -> store.forgetIntegration(change.integrationId()));
    }

    @Override
    public AccountContact of(String accountId) {
        return from(accountId, directory.ofAccount(accountId));
    }

    public static AccountContact from(String accountId, List<IntegrationConfigured> integrations) {
        Set<String> addresses = new LinkedHashSet<>();
        Map<String, String> names = new LinkedHashMap<>();
        Optional<Duration> interval = Optional.empty();
        for (IntegrationConfigured integration : integrations) {
            addresses.addAll(integration.notificationEmails());
            names.put(integration.integrationId(), integration.name() == null ? "" : integration.name());
            Integer minutes = integration.alertIntervalMinutes();
            if (minutes != null && minutes > 0) {
                Duration asked = Duration.ofMinutes(minutes);
                interval = interval.isEmpty() || asked.compareTo(interval.get()) < 0 ? Optional.of(asked) : interval;
            }
        }
        return new AccountContact(accountId, List.copyOf(addresses), names, interval);
    }
}
