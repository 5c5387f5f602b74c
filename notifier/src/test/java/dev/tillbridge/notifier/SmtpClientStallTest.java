package dev.tillbridge.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.notifier.service.DueMailSchedule;
import dev.tillbridge.notifier.service.MailTransport;
import dev.tillbridge.notifier.service.OutgoingMail;
import dev.tillbridge.notifier.support.StallingSmtpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send that gets no answer at all (what the mail client now and then does, and what a stuck server does) is tried
 * once more at once; only when that one gets no answer either does the mail stay due. Real SMTP on the wire: the
 * mailer talks to {@link StallingSmtpServer}.
 */
@QuarkusTest
@TestProfile(SmtpClientStallTest.StallingServer.class)
@WithTestResource(NotifierTestResource.class)
class SmtpClientStallTest {

    public static class StallingServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.port",
                    Integer.toString(StallingSmtpServer.shared().port()),
                    "tillbridge.notifier.send-timeout",
                    "PT2S");
        }
    }

    @Inject
    MailTransport smtp;

    @Inject
    DueMailSchedule schedule;

    private final StallingSmtpServer server = StallingSmtpServer.shared();

    @BeforeEach
    void onlyThisTestSends() {
        schedule.hold();
        server.reset();
    }

    @AfterEach
    void release() {
        schedule.release();
    }

    private static OutgoingMail mail(String subject) {
        return new OutgoingMail(
                "<" + UUID.randomUUID() + "@notifier.tillbridge>",
                List.of("ops@example.test"),
                subject,
                "text",
                "<p>html</p>",
                "<https://app.tillbridge.test/settings>");
    }

    @Test
    void aSendThatGetsNoAnswerIsTriedOnceMoreAndGoesOut() throws Exception {
        server.stallNext(1);

        smtp.send(mail("Stalled once"));

        assertThat(server.stalledConnections()).isEqualTo(1);
        assertThat(server.mails()).hasSize(1);
        assertThat(server.mails().get(0)).contains("Subject: Stalled once");
    }

    @Test
    void whenTheSecondTryGetsNoAnswerEitherTheMailIsNotSent() {
        server.stallNext(2);

        assertThatThrownBy(() -> smtp.send(mail("Stalled twice")))
                .isInstanceOf(MailTransport.MailDeliveryException.class)
                .hasMessageContaining("TimeoutException");

        assertThat(server.stalledConnections()).isEqualTo(2);
        assertThat(server.mails()).isEmpty();
    }
}
