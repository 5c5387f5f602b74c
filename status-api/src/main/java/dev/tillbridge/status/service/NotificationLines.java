package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How an e-mail the notifier sent reads on the Logs page. The seed's operator picks a service, then the
 * type Notification: an e-mail about a Magento problem is listed under Magento; one with no alert code
 * under Tillbridge.
 */
public final class NotificationLines {

    private NotificationLines() {}

    /**
     * @param knownService the service the alert itself named (from integration-alerts), when known
     */
    public static Set<LogService> servicesOf(
            List<AlertCode> codes, Function<AlertCode, Optional<LogService>> knownService) {
        Set<LogService> services = new LinkedHashSet<>();
        for (AlertCode code : codes) {
            services.add(knownService.apply(code).orElse(defaultService(code)));
        }
        if (services.isEmpty()) {
            services.add(LogService.TILLBRIDGE);
        }
        return services;
    }

    /** Every alert code of today is about the Magento side of the integration. */
    static LogService defaultService(AlertCode code) {
        return LogService.MAGENTO;
    }

    public static String message(NotificationSent n) {
        String to = n.to().isEmpty() ? "the account's address" : String.join(", ", n.to());
        String what = n.kind() == NotificationSent.Kind.RESOLVED ? "Resolved notice" : "Alert e-mail";
        return what + " sent to " + to + ": " + n.subject();
    }

    public static String reference(NotificationSent n) {
        if (n.alertCodes().isEmpty()) {
            return null;
        }
        return n.alertCodes().stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
