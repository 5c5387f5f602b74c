package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the decide step writes besides the release itself: the Download Mode header the Auto-Invoice
 * listener filters on, mismatch facts only for orders the watch tracks, and integration changes taking
 * effect on the next order although decoded integrations are reused.
 */
class ReleaseRecordsTest {

    private static final IntegrationConfigured WAITING = integration(DownloadMode.WAIT_FOR_INVOICE);

    @TempDir
    Path stateDir;

    private TopologyFixture topology;
    private TestOutputTopic<String, String> filtered;
    private TestOutputTopic<String, String> facts;
    private TestOutputTopic<String, String> invoiceRequests;

    @BeforeEach
    void startDriver() throws Exception {
        topology = TopologyFixture.start(stateDir, "release-records-test", Duration.ofSeconds(30));
        filtered = topology.filtered;
        facts = topology.facts;
        invoiceRequests = topology.invoiceRequests;
    }

    @AfterEach
    void closeDriver() {
        topology.close();
    }

    @Test
    void releasesSayTheirDownloadModeAndAModeChangeAppliesToTheNextOrder() {
        configure(DownloadMode.WAIT_FOR_INVOICE);
        observe(1, "new", null, 60);
        observe(2, "processing", new BigDecimal("100.00"), 60);
        configure(DownloadMode.AUTO_INVOICE);
        observe(3, "new", null, 60);

        List<TestRecord<String, String>> released = filtered.readRecordsToList();
        assertThat(released).extracting(TestRecord::key).containsExactly(key(2), key(3));
        assertThat(released).extracting(r -> mode(r)).containsExactly("WAIT_FOR_INVOICE", "AUTO_INVOICE");
    }

    @Test
    void onlyAutoInvoiceReleasesWriteAnInvoiceRequestAndARedownloadWritesNone() {
        configure(DownloadMode.WAIT_FOR_INVOICE);
        observe(1, "processing", new BigDecimal("100.00"), 60);
        configure(DownloadMode.AUTO_INVOICE);
        observe(2, "new", null, 60);
        observe(2, "processing", null, 120);
        topology.redownload(integration(DownloadMode.AUTO_INVOICE), 2);

        assertThat(filtered.readRecordsToList()).extracting(TestRecord::key).containsExactly(key(1), key(2), key(2));
        List<TestRecord<String, String>> requests = invoiceRequests.readRecordsToList();
        assertThat(requests)
                .as("one request, for the Auto-Invoice release; none for Wait-For-Invoice or the re-download")
                .extracting(TestRecord::key)
                .containsExactly(key(2));
        assertThat(StateJson.read(requests.get(0).value(), InvoiceRequest.class))
                .isEqualTo(new InvoiceRequest("int-r", 2, "000000002"));
    }

    @Test
    void onlyReleasesThatEndASkipAreToldToTheMismatchWatch() {
        configure(DownloadMode.WAIT_FOR_INVOICE);
        observe(1, "processing", new BigDecimal("100.00"), 60);
        assertThat(filtered.readRecordsToList()).hasSize(1);
        assertThat(facts.readRecordsToList())
                .as("released without a skip before")
                .isEmpty();

        observe(2, "new", null, 60);
        observe(2, "processing", new BigDecimal("100.00"), 120);

        List<MismatchFact> told = facts.readValuesToList().stream()
                .map(v -> StateJson.read(v, MismatchFact.class))
                .toList();
        assertThat(told).extracting(MismatchFact::entityId).containsExactly(2L, 2L);
        assertThat(told).extracting(MismatchFact::isRelease).containsExactly(false, true);
        assertThat(filtered.readRecordsToList()).extracting(TestRecord::key).containsExactly(key(2));
    }

    private static String mode(TestRecord<String, String> record) {
        return new String(
                record.headers()
                        .lastHeader(InvoiceRequestsListener.DOWNLOAD_MODE_HEADER)
                        .value(),
                StandardCharsets.UTF_8);
    }

    private static String key(long entityId) {
        return Topics.orderKey("int-r", entityId);
    }

    private static IntegrationConfigured integration(DownloadMode mode) {
        return TestIntegration.of("int-r", "acc-r")
                .storeIds()
                .downloadMode(mode)
                .configured();
    }

    private void configure(DownloadMode mode) {
        topology.configure(integration(mode));
    }

    private void observe(long entityId, String state, BigDecimal invoiced, int secondsAfterCreation) {
        topology.observe(
                WAITING,
                TopologyFixture.order(entityId, state, invoiced, TopologyFixture.CREATED, secondsAfterCreation));
    }
}
