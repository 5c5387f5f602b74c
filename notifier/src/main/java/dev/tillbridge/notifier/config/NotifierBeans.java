package dev.tillbridge.notifier.config;

import dev.tillbridge.notifier.service.AccountContacts;
import dev.tillbridge.notifier.service.AlertIntake;
import dev.tillbridge.notifier.service.AlertThrottle;
import dev.tillbridge.notifier.service.DispatchSettings;
import dev.tillbridge.notifier.service.DueMailDispatcher;
import dev.tillbridge.notifier.service.MailComposer;
import dev.tillbridge.notifier.service.MailTransport;
import dev.tillbridge.notifier.service.NotificationPublisher;
import dev.tillbridge.notifier.service.RetryBackoff;
import dev.tillbridge.notifier.store.AlertStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** Wires the plain-Java notifier parts from configuration; the parts themselves know nothing of Quarkus. */
@Singleton
public class NotifierBeans {

    @Produces
    @Singleton
    AlertStore alertStore(DataSource dataSource) {
        return new AlertStore(dataSource);
    }

    @Produces
    @Singleton
    AlertThrottle alertThrottle(NotifierConfig config) {
        return new AlertThrottle(config.gather());
    }

    @Produces
    @Singleton
    DispatchSettings dispatchSettings(NotifierConfig config) {
        return new DispatchSettings(
                config.interval(),
                config.batchSize(),
                config.settingsUrl(),
                config.messageIdDomain(),
                config.subjectPrefix(),
                new RetryBackoff(config.retry().initial(), config.retry().max()));
    }

    @Produces
    @Singleton
    AlertIntake alertIntake(
            AlertStore store, AlertThrottle throttle, AccountContacts contacts, NotifierConfig config, Clock clock) {
        return new AlertIntake(store, throttle, contacts, config.interval(), clock);
    }

    @Produces
    @Singleton
    DueMailDispatcher dueMailDispatcher(
            AlertStore store,
            AlertThrottle throttle,
            AccountContacts contacts,
            MailComposer composer,
            MailTransport transport,
            NotificationPublisher publisher,
            Clock clock,
            DispatchSettings settings,
            MeterRegistry registry) {
        return new DueMailDispatcher(
                store, throttle, contacts, composer, transport, publisher, clock, settings, registry);
    }
}
