package dev.tillbridge.simulator.store;

/**
 * A store view: the code used in {@code /rest/<code>/V1/...} and the {@code store_id} orders carry. A fresh
 * Magento has one, {@code default} with id 1; {@code all} (id 0, global scope) always exists besides these.
 */
public record StoreView(String code, int storeId, String name) {

    public static StoreView defaultView() {
        return new StoreView("default", 1, "Default Store View");
    }
}
