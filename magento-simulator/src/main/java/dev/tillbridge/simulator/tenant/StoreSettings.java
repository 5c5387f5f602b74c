package dev.tillbridge.simulator.tenant;

import dev.tillbridge.simulator.search.InputLimits;
import dev.tillbridge.simulator.search.PagePastEnd;

/**
 * The Magento version quirks a store shows; changeable at runtime. {@code pagePastEnd} "2.4" (default) or "2.3";
 * {@code inputLimits} off by default (docs/magento-api.md §7); {@code putCreatesUnknownSku} false by default: a PUT of an
 * unknown SKU answers 404 as the spec lists it, true makes it create the product as ProductRepository::save does.
 */
public record StoreSettings(PagePastEnd pagePastEnd, Boolean inputLimits, Boolean putCreatesUnknownSku) {

    public StoreSettings {
        pagePastEnd = pagePastEnd == null ? PagePastEnd.MAGENTO_24 : pagePastEnd;
        inputLimits = inputLimits != null && inputLimits;
        putCreatesUnknownSku = putCreatesUnknownSku != null && putCreatesUnknownSku;
    }

    public static StoreSettings defaults() {
        return new StoreSettings(null, null, null);
    }

    public StoreSettings withPagePastEnd(PagePastEnd mode) {
        return new StoreSettings(mode, inputLimits, putCreatesUnknownSku);
    }

    public StoreSettings withInputLimits(boolean on) {
        return new StoreSettings(pagePastEnd, on, putCreatesUnknownSku);
    }

    public StoreSettings withPutCreatesUnknownSku(boolean on) {
        return new StoreSettings(pagePastEnd, inputLimits, on);
    }

    /** Only non-null fields of {@code patch} change, so the admin API can send one setting at a time. */
    public StoreSettings merge(StoreSettingsPatch patch) {
        return new StoreSettings(
                patch.pagePastEnd() != null ? patch.pagePastEnd() : pagePastEnd,
                patch.inputLimits() != null ? patch.inputLimits() : inputLimits,
                patch.putCreatesUnknownSku() != null ? patch.putCreatesUnknownSku() : putCreatesUnknownSku);
    }

    public InputLimits limits() {
        return inputLimits ? InputLimits.on() : InputLimits.off();
    }

    /** The admin API's partial update of {@link StoreSettings}. */
    public record StoreSettingsPatch(PagePastEnd pagePastEnd, Boolean inputLimits, Boolean putCreatesUnknownSku) {}
}
