package dev.tillbridge.simulator.bulk;

import dev.tillbridge.simulator.store.ProductSaveCommand;

/**
 * One element of a bulk request: accepted ones carry the save to run later; a rejected one (not even a
 * {@code product} object) carries the reason and becomes operation status 5.
 */
public record BulkItem(String serializedData, ProductSaveCommand command, String rejection) {

    public boolean rejected() {
        return rejection != null;
    }
}
