package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class InvoiceRequestsListenerTest {

    private static RecordHeaders mode(String value) {
        var headers = new RecordHeaders();
        headers.add(InvoiceRequestsListener.DOWNLOAD_MODE_HEADER, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void waitForInvoiceReleasesArePassedOverWithoutReadingThem() {
        assertThat(InvoiceRequestsListener.mayNeedAnInvoice(mode("WAIT_FOR_INVOICE")))
                .isFalse();
    }

    @Test
    void autoInvoiceReleasesAndRecordsWithoutTheHeaderAreReadInFull() {
        assertThat(InvoiceRequestsListener.mayNeedAnInvoice(mode("AUTO_INVOICE")))
                .isTrue();
        assertThat(InvoiceRequestsListener.mayNeedAnInvoice(new RecordHeaders()))
                .as("written before the header existed")
                .isTrue();
        assertThat(InvoiceRequestsListener.mayNeedAnInvoice(null)).isTrue();
    }
}
