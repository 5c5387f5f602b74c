package dev.tillbridge.notifier.support;

import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegration;
import dev.tillbridge.notifier.service.DueMailSchedule;
import dev.tillbridge.notifier.store.AlertStore;
import dev.tillbridge.notifier.store.StoredAlert;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the notifier's Quarkus tests share: the real broker, the real database, the GreenMail SMTP server and
 * the test clock. Every test works with its own fresh account, integrations and addresses, and asserts only on
 * those, because the application (and its scheduler) is shared by all tests and the broker by all runs.
 */
public abstract class NotifierTestSupport {

    @Inject
    protected TestClock clock;

    @Inject
    protected AlertStore store;

    @Inject
    protected IntegrationDirectory directory;

    @Inject
    protected DueMailSchedule schedule;

    @Inject
    protected DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    @ConfigProperty(name = "tillbridge.notifier.gather")
    protected Duration gather;

    protected KafkaTestClient kafka;
    private final List<String> accounts = new ArrayList<>();

    @BeforeEach
    void openInfrastructure() {
        SmtpServer.ensureRunning();
        kafka = new KafkaTestClient(bootstrapServers);
    }

    @AfterEach
    void closeInfrastructure() {
        kafka.close();
        // The application and its scheduler outlive this test: leave no alert of ours coming due again.
        accounts.forEach(this::forgetAccount);
    }

    /** A fresh account of this test (forgotten after it). */
    protected String newAccount() {
        String account = unique("acc");
        accounts.add(account);
        return account;
    }

    protected static String newAddress() {
        return unique("ops") + "@example.test";
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes an integration and waits until the notifier's directory holds it. */
    protected IntegrationConfigured integration(
            String accountId, String name, List<String> emails, Integer intervalMinutes) {
        String id = unique("int");
        IntegrationConfigured config = TestIntegration.of(id, accountId)
                .name(name)
                .baseUrl("http://127.0.0.1:1/m/" + id)
                .sealedCredentials("v1:not-opened")
                .notificationEmails(emails)
                .alertIntervalMinutes(intervalMinutes)
                .configured();
        kafka.sendEvent(Topics.INTEGRATIONS, id, EventEnvelope.of(accountId, id, config, clock));
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isPresent());
        return config;
    }

    /** Publishes the next revision of an integration with other notification addresses, and waits for it. */
    protected IntegrationConfigured changeAddresses(IntegrationConfigured old, List<String> emails) {
        IntegrationConfigured config =
                old.toBuilder().notificationEmails(emails).nextRevision().build();
        kafka.sendEvent(
                Topics.INTEGRATIONS,
                config.integrationId(),
                EventEnvelope.of(config.accountId(), config.integrationId(), config, clock));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> directory
                        .find(config.integrationId())
                        .filter(held -> held.revision() == config.revision())
                        .isPresent());
        return config;
    }

    protected void raise(IntegrationConfigured integration, AlertCode code, String message, int occurrences) {
        Instant now = clock.instant();
        publishAlert(
                integration.accountId(),
                new AlertChanged(
                        integration.integrationId(),
                        code,
                        AlertState.RAISED,
                        LogService.MAGENTO,
                        message,
                        null,
                        now.minus(Duration.ofMinutes(1)),
                        now,
                        occurrences,
                        "test"));
    }

    /**
     * A shop of {@code account} mailing {@code email}, with one alert raised, held by the notifier and past the gather
     * time: the next send finds its mail due.
     */
    protected IntegrationConfigured shopWithDueAlert(
            String account, String name, String email, AlertCode code, String message, int occurrences) {
        IntegrationConfigured shop = integration(account, name, List.of(email), null);
        raise(shop, code, message, occurrences);
        awaitAlert(shop, code, a -> true);
        clock.advance(gather);
        return shop;
    }

    protected void resolve(IntegrationConfigured integration, AlertCode code) {
        Instant now = clock.instant();
        publishAlert(
                integration.accountId(),
                new AlertChanged(
                        integration.integrationId(),
                        code,
                        AlertState.RESOLVED,
                        LogService.MAGENTO,
                        "resolved",
                        null,
                        null,
                        now,
                        0,
                        "test"));
    }

    protected void publishAlert(String accountId, AlertChanged alert) {
        kafka.sendEvent(
                Topics.INTEGRATION_ALERTS,
                Topics.alertKey(alert.integrationId(), alert.code()),
                EventEnvelope.of(accountId, alert.integrationId(), alert, clock));
    }

    protected StoredAlert awaitAlert(IntegrationConfigured integration, AlertCode code, Predicate<StoredAlert> holds) {
        await().atMost(Duration.ofMinutes(2))
                .until(() -> store.find(integration.integrationId(), code)
                        .filter(holds)
                        .isPresent());
        return store.find(integration.integrationId(), code).orElseThrow();
    }

    /** Waits until the scheduler finished {@code ticks} full ticks from now, so one of them saw the current clock. */
    protected void awaitTicks(int ticks) {
        long target = schedule.completedTicks() + ticks;
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> schedule.completedTicks() >= target);
    }

    /** Waits until a whole tick ran at the clock's current time or later: all that was due by now is dealt with. */
    protected void awaitTickAtCurrentClock() {
        Instant now = clock.instant();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !schedule.lastCompletedTickStart().isBefore(now));
    }

    protected List<MimeMessage> mailsTo(String address) {
        return SmtpServer.inbox().messagesTo(address);
    }

    /** The account's records on {@code notifications}, waiting until there are {@code expected} of them. */
    protected List<EventEnvelope<NotificationSent>> notificationsOf(String accountId, int expected) {
        return kafka
                .readUntil(
                        Topics.NOTIFICATIONS,
                        r -> accountId.equals(r.key()),
                        found -> found.size() >= expected,
                        Duration.ofSeconds(30))
                .stream()
                .map(r -> EventJson.decode(r.value(), NotificationSent.class))
                .toList();
    }

    /** A data source of its own, as a second notifier process would have. */
    protected PGSimpleDataSource otherProcessDataSource(String applicationName) {
        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setUrl(jdbcUrl);
        other.setUser(dbUser);
        dbPassword.ifPresent(other::setPassword);
        other.setCurrentSchema("notifier");
        other.setApplicationName(applicationName);
        return other;
    }

    /** Forgets an account's alerts, so they do not keep coming due (and mailing) while later tests move the clock. */
    protected void forgetAccount(String accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM alert_throttle WHERE account_id = ?")) {
            ps.setString(1, accountId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
