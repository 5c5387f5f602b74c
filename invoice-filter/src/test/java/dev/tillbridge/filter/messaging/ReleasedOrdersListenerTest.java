package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReleasedOrdersListenerTest {

    private static RecordHeaders mode(String value) {
        var headers = new RecordHeaders();
        headers.add(ReleasedOrdersListener.DOWNLOAD_MODE_HEADER, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void waitForInvoiceReleasesArePassedOverWithoutReadingThem() {
        assertThat(ReleasedOrdersListener.mayNeedAnInvoice(mode("WAIT_FOR_INVOICE")))
                .isFalse();
    }

    @Test
    void autoInvoiceReleasesAndRecordsWithoutTheHeaderAreReadInFull() {
        assertThat(ReleasedOrdersListener.mayNeedAnInvoice(mode("AUTO_INVOICE")))
                .isTrue();
        assertThat(ReleasedOrdersListener.mayNeedAnInvoice(new RecordHeaders()))
                .as("written before the header existed")
                .isTrue();
        assertThat(ReleasedOrdersListener.mayNeedAnInvoice(null)).isTrue();
    }
}
