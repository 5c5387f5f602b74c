package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.events.ProductUpdate;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagentoProductTest {

    @Test
    void carriesThePosFieldsInMagentosShape() {
        ObjectNode product = MagentoProduct.of(new ProductUpdate(
                "int-1",
                "run-1",
                1,
                1,
                "SKU-1",
                "Blue mug",
                new BigDecimal("12.50"),
                new BigDecimal("9.99"),
                new BigDecimal("7"),
                true,
                ProductUpdate.ProductStatus.DISABLED,
                new BigDecimal("0.4"),
                Map.of("color", "blue")));

        assertThat(product.toString())
                .isEqualTo("{\"sku\":\"SKU-1\",\"name\":\"Blue mug\",\"price\":12.50,\"status\":2,"
                        + "\"weight\":0.4,\"extension_attributes\":{\"stock_item\":{\"qty\":7,\"is_in_stock\":true}},"
                        + "\"custom_attributes\":[{\"attribute_code\":\"color\",\"value\":\"blue\"},"
                        + "{\"attribute_code\":\"special_price\",\"value\":\"9.99\"}]}");
    }

    @Test
    void leavesOutWhatThePosDidNotSendSoMagentoKeepsIt() {
        ObjectNode product = MagentoProduct.of(new ProductUpdate(
                "int-1", "run-1", 1, 1, "SKU-1", null, null, null, new BigDecimal("3"), null, null, null, Map.of()));

        assertThat(product.toString())
                .isEqualTo("{\"sku\":\"SKU-1\",\"extension_attributes\":{\"stock_item\":{\"qty\":3}}}");
    }
}
