package dev.tillbridge.pos.service;

import dev.tillbridge.events.ProductUpdate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A catalog run as a POS sends it: every product once, numbered 1..N under one run id, with today's price
 * and stock (they move a little from run to run, as a shop's do).
 */
public final class CatalogRun {

    private CatalogRun() {}

    public static String newRunId() {
        return "pos-run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static List<ProductUpdate> of(String integrationId, String runId, int size, String skuPrefix, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a run has at least one product, not " + size);
        }
        Random random = new Random(seed);
        List<ProductUpdate> run = new ArrayList<>(size);
        for (int position = 1; position <= size; position++) {
            BigDecimal price =
                    BigDecimal.valueOf(5 + random.nextInt(95_00) / 100.0).setScale(2, RoundingMode.HALF_UP);
            int qty = random.nextInt(60);
            run.add(new ProductUpdate(
                    integrationId,
                    runId,
                    position,
                    size,
                    skuPrefix + position,
                    "Demo product " + position,
                    price,
                    null,
                    BigDecimal.valueOf(qty),
                    qty > 0,
                    ProductUpdate.ProductStatus.ENABLED,
                    null,
                    Map.of()));
        }
        return run;
    }
}
