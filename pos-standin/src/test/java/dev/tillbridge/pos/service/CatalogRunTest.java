package dev.tillbridge.pos.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.ProductUpdate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CatalogRunTest {

    @Test
    void aRunNumbersEveryProductOnceUnderOneRunId() {
        List<ProductUpdate> run = CatalogRun.of("demo-store", "run-1", 100, "DEMO-", 42);

        assertThat(run).hasSize(100).allSatisfy(u -> {
            assertThat(u.runId()).isEqualTo("run-1");
            assertThat(u.runTotal()).isEqualTo(100);
            assertThat(u.price()).isPositive();
            assertThat(u.inStock()).isEqualTo(u.qty().signum() > 0);
        });
        assertThat(run)
                .extracting(ProductUpdate::position)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(run).extracting(ProductUpdate::sku).doesNotHaveDuplicates().contains("DEMO-1", "DEMO-100");
    }
}
