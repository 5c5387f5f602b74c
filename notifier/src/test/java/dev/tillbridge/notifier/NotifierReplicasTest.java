package dev.tillbridge.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.notifier.service.AccountContacts;
import dev.tillbridge.notifier.service.AlertThrottle;
import dev.tillbridge.notifier.service.DispatchSettings;
import dev.tillbridge.notifier.service.DueMailDispatcher;
import dev.tillbridge.notifier.service.MailComposer;
import dev.tillbridge.notifier.service.MailTransport;
import dev.tillbridge.notifier.service.NotificationPublisher;
import dev.tillbridge.notifier.store.AlertStore;
import dev.tillbridge.notifier.store.StoredAlert;
import dev.tillbridge.notifier.support.NotifierTestSupport;
import dev.tillbridge.notifier.support.SmtpPortResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several notifier processes on one database, and processes that die. Each "process" here is a separate
 * {@link DueMailDispatcher} with its own database connections (as another replica would have), sending over the
 * real SMTP server; the application's own tick is held so that only they send.
 */
@QuarkusTest
@WithTestResource(NotifierTestResource.class)
@WithTestResource(SmtpPortResource.class)
class NotifierReplicasTest extends NotifierTestSupport {

    private static final Logger LOG = Logger.getLogger(NotifierReplicasTest.class);

    @Inject
    AlertThrottle throttle;

    @Inject
    AccountContacts contacts;

    @Inject
    MailComposer composer;

    @Inject
    MailTransport smtp;

    @Inject
    NotificationPublisher publisher;

    @Inject
    DispatchSettings settings;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void holdTheApplicationsOwnSender() {
        schedule.hold();
    }

    @AfterEach
    void releaseTheApplicationsOwnSender() {
        schedule.release();
    }

    private DueMailDispatcher notifierProcess(DataSource dataSource, MailTransport transport) {
        return new DueMailDispatcher(
                new AlertStore(dataSource),
                throttle,
                contacts,
                composer,
                transport,
                publisher,
                clock,
                settings,
                registry);
    }

    @Test
    void aNotifierRestartedBetweenTwoSendsNeitherRepeatsNorMissesAMail() {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = shopWithDueAlert(
                account, "Restart Shop", email, AlertCode.MAGENTO_UNREACHABLE, "Connection refused", 1);

        DueMailDispatcher before = notifierProcess(otherProcessDataSource("notifier-before-restart"), smtp);
        assertThat(before.sendDue().mailsSent()).isGreaterThanOrEqualTo(1);
        assertThat(mailsTo(email)).hasSize(1);
        Instant firstSent = store.find(shop.integrationId(), AlertCode.MAGENTO_UNREACHABLE)
                .orElseThrow()
                .lastMailedAt();

        // The process goes away; a new one starts with nothing but the database.
        DueMailDispatcher after = notifierProcess(otherProcessDataSource("notifier-after-restart"), smtp);
        after.sendDue();
        clock.moveTo(firstSent.plus(Duration.ofMinutes(5)));
        after.sendDue();
        clock.moveTo(firstSent.plus(Duration.ofMinutes(10)).minusSeconds(1));
        after.sendDue();
        assertThat(mailsTo(email)).as("no repeat inside the interval").hasSize(1);

        clock.moveTo(firstSent.plus(Duration.ofMinutes(10)));
        after.sendDue();
        after.sendDue();
        assertThat(mailsTo(email)).as("the due mail is sent, once").hasSize(2);

        List<EventEnvelope<NotificationSent>> published = notificationsOf(account, 2);
        assertThat(published)
                .extracting(e -> e.payload().messageId())
                .containsExactlyElementsOf(mailsTo(email).stream()
                        .map(AlertMailScheduleTest::messageId)
                        .toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void aMailThatWentOutLateMakesTheNextOneDueOneIntervalAfterItReallyWentOut() {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = shopWithDueAlert(
                account,
                "Slow Mail Shop",
                email,
                AlertCode.DOWNLOAD_MODE_MISMATCH,
                "5 orders skipped as ALREADY_INVOICED in 24 h",
                5);

        // A loaded machine or a slow SMTP server: the mail reaches the server 9 s after it was claimed.
        Duration late = Duration.ofSeconds(9);
        MailTransport slowServer = mail -> {
            clock.advance(late);
            smtp.send(mail);
        };
        Instant claimedAt = clock.instant();
        DueMailDispatcher sender = notifierProcess(otherProcessDataSource("notifier-slow-smtp"), slowServer);
        assertThat(sender.sendDue().mailsSent()).isEqualTo(1);
        Instant reallySent = claimedAt.plus(late);

        DueMailDispatcher next = notifierProcess(otherProcessDataSource("notifier-next-tick"), smtp);
        clock.moveTo(claimedAt.plus(settings.defaultInterval()).plus(late).minusSeconds(1));
        next.sendDue();
        assertThat(mailsTo(email))
                .as("one interval after the claim, but less than one after the mail went out")
                .hasSize(1);
        clock.moveTo(reallySent.plus(settings.defaultInterval()));
        next.sendDue();
        assertThat(mailsTo(email))
                .as("one interval after the mail really went out")
                .hasSize(2);
        forgetAccount(account);
    }

    @Test
    void aNotifierKilledWhileSendingLeavesTheMailDueAndAnotherSendsItOnce() throws Exception {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = shopWithDueAlert(
                account, "Crash Shop", email, AlertCode.SYNC_STALLED, "Order 000000042 changed after the last sync", 2);

        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        MailTransport stuck = mail -> {
            sending.countDown();
            try {
                killed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MailTransport.MailDeliveryException("the process died before the SMTP server answered", null);
        };
        DueMailDispatcher dying = notifierProcess(otherProcessDataSource("notifier-dying"), stuck);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> dyingRound = pool.submit(dying::sendDue);
            assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();

            // While the dying process holds the account, the other one skips it instead of sending it too.
            DueMailDispatcher survivor = notifierProcess(otherProcessDataSource("notifier-survivor"), smtp);
            survivor.sendDue();
            assertThat(mailsTo(email)).isEmpty();

            // The process dies: its database session ends, and PostgreSQL rolls its transaction back.
            assertThat(terminateSessionsOf("notifier-dying")).isEqualTo(1);
            killed.countDown();
            dyingRound.get(30, TimeUnit.SECONDS);

            StoredAlert stillDue =
                    store.find(shop.integrationId(), AlertCode.SYNC_STALLED).orElseThrow();
            assertThat(stillDue.isDue(clock.instant())).isTrue();
            assertThat(stillDue.mailsSent()).isZero();

            survivor.sendDue();
            survivor.sendDue();
            assertThat(mailsTo(email)).hasSize(1);
            assertThat(notificationsOf(account, 1)).hasSize(1);
        } finally {
            killed.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aDatabaseLostAfterTheSmtpServerTookTheMailRecordsItWhenBackInsteadOfSendingItAgain() {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = shopWithDueAlert(
                account,
                "Restarting Database Shop",
                email,
                AlertCode.DOWNLOAD_MODE_MISMATCH,
                "5 orders skipped as ALREADY_INVOICED in 24 h",
                5);

        // PostgreSQL restarts just after the SMTP server took the mail: the session ends before the commit.
        AtomicBoolean restartOnce = new AtomicBoolean(true);
        MailTransport thenTheDatabaseRestarts = mail -> {
            smtp.send(mail);
            if (restartOnce.getAndSet(false)) {
                try {
                    assertThat(terminateSessionsOf("notifier-losing-db")).isEqualTo(1);
                } catch (SQLException e) {
                    throw new AssertionError("Cannot end the sender's session", e);
                }
            }
        };
        DueMailDispatcher sender =
                notifierProcess(otherProcessDataSource("notifier-losing-db"), thenTheDatabaseRestarts);
        assertThat(sender.sendDue().mailsSent())
                .as("the round failed at its commit")
                .isZero();
        assertThat(mailsTo(email)).hasSize(1);
        assertThat(store.find(shop.integrationId(), AlertCode.DOWNLOAD_MODE_MISMATCH)
                        .orElseThrow()
                        .mailsSent())
                .as("rolled back: the database does not know yet")
                .isZero();

        // The database answers again: the next ticks record the mail instead of sending it a second time.
        sender.sendDue();
        sender.sendDue();
        assertThat(mailsTo(email)).as("not sent again").hasSize(1);
        StoredAlert recorded = store.find(shop.integrationId(), AlertCode.DOWNLOAD_MODE_MISMATCH)
                .orElseThrow();
        assertThat(recorded.mailsSent()).isEqualTo(1);
        assertThat(recorded.lastMessageId())
                .isEqualTo(AlertMailScheduleTest.messageId(mailsTo(email).get(0)));
        assertThat(notificationsOf(account, 1)).hasSize(1);

        clock.moveTo(recorded.lastMailedAt().plus(settings.defaultInterval()));
        sender.sendDue();
        assertThat(mailsTo(email))
                .as("due again one interval after it went out")
                .hasSize(2);
        forgetAccount(account);
    }

    @Test
    void twoNotifierInstancesOnOneDatabaseSendEachDueMailOnce() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String email = newAddress();
            emails.add(email);
            IntegrationConfigured shop = integration(newAccount(), "Race Shop " + i, List.of(email), null);
            raise(shop, AlertCode.PRODUCT_REJECTIONS, "SKU R-" + i + " rejected", i + 1);
            if (i == 0) {
                raise(shop, AlertCode.MAGENTO_ERROR, "Report ID: webapi-1", 1);
                awaitAlert(shop, AlertCode.MAGENTO_ERROR, a -> true);
            }
            awaitAlert(shop, AlertCode.PRODUCT_REJECTIONS, a -> true);
        }
        clock.advance(gather);

        AtomicInteger sentByA = new AtomicInteger();
        AtomicInteger sentByB = new AtomicInteger();
        Race race = new Race();
        List<DueMailDispatcher> instances = List.of(
                notifierProcess(otherProcessDataSource("notifier-a"), race.transport(0, smtp, sentByA)),
                notifierProcess(otherProcessDataSource("notifier-b"), race.transport(1, smtp, sentByB)));

        race.run(instances);
        for (String email : emails) {
            assertThat(mailsTo(email)).as("mails to %s", email).hasSize(1);
        }
        assertThat(sentByA.get() + sentByB.get()).isGreaterThanOrEqualTo(6);

        clock.advance(settings.defaultInterval());
        race.run(instances);
        for (String email : emails) {
            assertThat(mailsTo(email))
                    .as("mails to %s after one interval", email)
                    .hasSize(2);
        }
        LOG.infof("Race: instance A sent %d mails, instance B %d", sentByA.get(), sentByB.get());
    }

    /**
     * Two instances ticking five times each, starting together, each on its own thread, with their ticks made to
     * overlap by what they observably do, not by timing: each mail is held at the SMTP server until the other instance
     * is sending too, has finished a tick since, or has finished its five.
     */
    private static final class Race {

        private static final int TICKS = 5;

        private final AtomicInteger[] sending = {new AtomicInteger(), new AtomicInteger()};
        private final AtomicInteger[] ticks = {new AtomicInteger(), new AtomicInteger()};
        private final AtomicBoolean[] finished = {new AtomicBoolean(), new AtomicBoolean()};

        /** The real SMTP server as instance {@code me} (0 or 1) reaches it. */
        MailTransport transport(int me, MailTransport smtp, AtomicInteger sent) {
            int other = 1 - me;
            return mail -> {
                sending[me].incrementAndGet();
                try {
                    int ticksSeen = ticks[other].get();
                    await().atMost(Duration.ofSeconds(30))
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(5))
                            .until(() -> sending[other].get() > 0
                                    || ticks[other].get() > ticksSeen
                                    || finished[other].get());
                    smtp.send(mail);
                    sent.incrementAndGet();
                } finally {
                    sending[me].decrementAndGet();
                }
            };
        }

        void run(List<DueMailDispatcher> instances) throws Exception {
            for (AtomicBoolean done : finished) {
                done.set(false);
            }
            CyclicBarrier start = new CyclicBarrier(instances.size());
            ExecutorService pool = Executors.newFixedThreadPool(instances.size());
            try {
                List<Future<?>> rounds = new ArrayList<>();
                for (int i = 0; i < instances.size(); i++) {
                    DueMailDispatcher instance = instances.get(i);
                    int me = i;
                    rounds.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        try {
                            for (int tick = 0; tick < TICKS; tick++) {
                                instance.sendDue();
                                ticks[me].incrementAndGet();
                            }
                        } finally {
                            finished[me].set(true);
                        }
                        return null;
                    }));
                }
                for (Future<?> round : rounds) {
                    round.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private int terminateSessionsOf(String applicationName) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
