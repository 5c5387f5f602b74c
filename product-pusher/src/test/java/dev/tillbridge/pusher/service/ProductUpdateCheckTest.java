package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductUpdate;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductUpdateCheckTest {

    private static EventEnvelope<ProductUpdate> envelope(String sku, BigDecimal price, Map<String, String> attributes) {
        ProductUpdate update = new ProductUpdate(
                "int-1",
                "run-1",
                1,
                1,
                sku,
                "Name",
                price,
                null,
                BigDecimal.ONE,
                true,
                ProductUpdate.ProductStatus.ENABLED,
                null,
                attributes);
        return EventEnvelope.of("acc-1", "int-1", update, Clock.systemUTC());
    }

    private static String reason(EventEnvelope<ProductUpdate> envelope) {
        ProductUpdateCheck.Verdict verdict = ProductUpdateCheck.check(envelope);
        return verdict instanceof ProductUpdateCheck.Invalid invalid ? invalid.reason() : null;
    }

    @Test
    void anOrdinaryUpdateIsSendable() {
        assertThat(ProductUpdateCheck.check(envelope("SKU-1", BigDecimal.TEN, Map.of("color", "red"))))
                .isInstanceOf(ProductUpdateCheck.Sendable.class);
    }

    @Test
    void whatMagentoCouldNotReadIsRefusedWithASentence() {
        assertThat(reason(envelope(" ", BigDecimal.TEN, Map.of()))).isEqualTo("The product update has no SKU.");
        assertThat(reason(envelope("x".repeat(65), BigDecimal.TEN, Map.of())))
                .isEqualTo("The SKU is 65 characters long; Magento allows at most 64.");
        assertThat(reason(envelope("SKU-1", new BigDecimal("-1"), Map.of())))
                .isEqualTo("The price must not be negative.");
        assertThat(reason(envelope("SKU-1", BigDecimal.TEN, Map.of("2nd color", "red"))))
                .startsWith("The custom attribute code '2nd color' is not a Magento attribute code");
    }

    @Test
    void anEnvelopeOfAnotherIntegrationIsRefused() {
        ProductUpdate update = envelope("SKU-1", BigDecimal.TEN, Map.of()).payload();
        var foreign = EventEnvelope.of("acc-2", "int-2", update, Clock.systemUTC());
        assertThat(reason(foreign)).contains("names integration int-2");
    }
}
