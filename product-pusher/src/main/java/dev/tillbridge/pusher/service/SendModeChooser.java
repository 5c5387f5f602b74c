package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * AUTO's measured choice between one PUT per product and the bulk endpoint, for one integration: it measures
 * the products per second each mode finished over a window (5 s, and at least two bulks' worth of products)
 * while there was a backlog, tries the other
 * mode when its measure is missing or older than the retrial period (10 min), and otherwise uses the faster.
 * A small backlog (under two bulks, say a run of one product) always goes by PUT: a bulk's status must be
 * polled, which only pays off when many products wait.
 */
public final class SendModeChooser {

    private record Measure(double perSecond, long atNanos) {}

    private final long windowNanos;
    private final long retrialNanos;
    private final int bulkSize;
    private final Map<SendMode, Measure> measured = new EnumMap<>(SendMode.class);
    private SendMode current = SendMode.PUT;
    private long windowStart;
    private boolean windowOpen;
    private int finishedInWindow;

    public SendModeChooser(Duration window, Duration retrial, int bulkSize) {
        this.windowNanos = window.toNanos();
        this.retrialNanos = retrial.toNanos();
        this.bulkSize = bulkSize;
    }

    /** The mode to send the next products with, given how many wait. */
    public synchronized SendMode choose(long nowNanos, int backlog) {
        if (backlog < 2 * bulkSize) {
            windowOpen = false;
            return SendMode.PUT;
        }
        if (!windowOpen) {
            openWindow(nowNanos);
            return current;
        }
        long elapsed = nowNanos - windowStart;
        // A bulk's products finish together, after polling: a window counts once two bulks' worth finished (the
        // pipeline ran), unless that takes ten windows (then the mode is just slow).
        if (elapsed < windowNanos || (finishedInWindow < 2 * bulkSize && elapsed < 10 * windowNanos)) {
            return current;
        }
        measured.put(current, new Measure(finishedInWindow * 1e9 / (nowNanos - windowStart), nowNanos));
        SendMode other = current == SendMode.PUT ? SendMode.BULK : SendMode.PUT;
        Measure otherMeasure = measured.get(other);
        if (otherMeasure == null || nowNanos - otherMeasure.atNanos() > retrialNanos) {
            current = other;
        } else if (otherMeasure.perSecond() > measured.get(current).perSecond()) {
            current = other;
        }
        openWindow(nowNanos);
        return current;
    }

    /** Products finished (saved or refused by Magento) by a send of {@code mode}. */
    public synchronized void finished(SendMode mode, int products) {
        if (windowOpen && mode == current) {
            finishedInWindow += products;
        }
    }

    /** Magento refused the bulk endpoint itself (say it is not enabled): measure it as useless for now. */
    public synchronized void bulkUnavailable(long nowNanos) {
        measured.put(SendMode.BULK, new Measure(0, nowNanos));
        if (current == SendMode.BULK) {
            current = SendMode.PUT;
            openWindow(nowNanos);
        }
    }

    public synchronized double measured(SendMode mode) {
        Measure measure = measured.get(mode);
        return measure == null ? Double.NaN : measure.perSecond();
    }

    private void openWindow(long nowNanos) {
        windowStart = nowNanos;
        windowOpen = true;
        finishedInWindow = 0;
    }
}
