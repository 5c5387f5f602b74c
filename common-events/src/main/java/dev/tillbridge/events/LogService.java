package dev.tillbridge.events;

/** The service a log line is about, as the Logs page groups them. */
public enum LogService {
    MAGENTO,
    POS,
    TILLBRIDGE
}
