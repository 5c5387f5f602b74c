package dev.tillbridge.events;

/** The Logs page's types. NOTIFICATION lines come from the e-mails recorded on {@code notifications}. */
public enum LogType {
    INFO,
    ERROR,
    NOTIFICATION
}
