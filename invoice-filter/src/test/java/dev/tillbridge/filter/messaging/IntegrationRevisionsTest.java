package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.TestIntegration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrations table keeps the newest revision: a repeat of an older one (at-least-once publishing) changes nothing. */
class IntegrationRevisionsTest {

    @TempDir
    Path stateDir;

    private TopologyFixture topology;

    @AfterEach
    void closeDriver() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void aRepeatOfAnOlderRevisionDoesNotReplaceTheNewerOne() throws Exception {
        topology = TopologyFixture.start(stateDir, "integration-revisions-test", Duration.ofSeconds(1));
        TestInputTopic<String, String> integrations = topology.integrations;

        String rev1 = encode(revision(DownloadMode.AUTO_INVOICE, 1));
        integrations.pipeInput("int-r", rev1);
        integrations.pipeInput("int-r", encode(revision(DownloadMode.WAIT_FOR_INVOICE, 2)));
        integrations.pipeInput("int-r", rev1); // the relay's repeat after a crash

        // An invoiced order: released under Wait-For-Invoice (revision 2), skipped under Auto-Invoice (revision 1).
        topology.observe(
                revision(DownloadMode.WAIT_FOR_INVOICE, 2),
                TopologyFixture.order(7, "processing", TopologyFixture.TOTAL, TopologyFixture.CREATED, 60));

        assertThat(topology.filtered.readValuesToList()).hasSize(1);
    }

    private static IntegrationConfigured revision(DownloadMode mode, long revision) {
        return TestIntegration.of("int-r", "acc-r")
                .storeIds()
                .downloadMode(mode)
                .revision(revision)
                .configured();
    }

    private static String encode(IntegrationConfigured config) {
        return EventJson.encode(
                EventEnvelope.of(config.accountId(), config.integrationId(), config, Clock.systemUTC()));
    }
}
