package dev.tillbridge.filter.service;

import dev.tillbridge.events.SkipReason;

/** What the Order Download Mode says about one version of an order. */
public sealed interface Decision {

    /** Release the order to the POS. */
    record Download() implements Decision {}

    /** Do not release it, for this reason. */
    record Skip(SkipReason reason) implements Decision {}

    Download DOWNLOAD = new Download();
}
