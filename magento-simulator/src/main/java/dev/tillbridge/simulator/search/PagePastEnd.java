package dev.tillbridge.simulator.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a page past the last one returns (docs/magento-api.md §2): 2.4 an empty page, ≤ 2.3 the last page again. */
public enum PagePastEnd {
    /** {@code items: []} with the right {@code total_count} (clamp removed, #26986). */
    MAGENTO_24("2.4"),
    /** {@code Data\Collection::getCurPage()} clamps: the last page is returned again (#3787, #8099). */
    MAGENTO_23("2.3");

    private final String version;

    PagePastEnd(String version) {
        this.version = version;
    }

    @JsonValue
    public String version() {
        return version;
    }

    @JsonCreator
    public static PagePastEnd fromVersion(String version) {
        for (PagePastEnd mode : values()) {
            if (mode.version.equals(version) || mode.name().equalsIgnoreCase(version)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("page_past_end must be \"2.4\" or \"2.3\", not " + version);
    }
}
