package dev.tillbridge.pusher.service;

import dev.tillbridge.events.ProductUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The products of one integration waiting to be sent, first come first served, at most one save per SKU in
 * flight (two concurrent saves of one product deadlock in Magento, and the later values must win). An update
 * of a SKU that is already waiting is folded into it: the SKU is sent once, with the latest values.
 */
public final class PendingProducts {

    private final ArrayDeque<ProductChange> queue = new ArrayDeque<>();
    private final Map<String, ProductChange> waiting = new HashMap<>();
    private final Map<String, ProductChange> inFlight = new HashMap<>();

    /** Adds an update; returns true when it was folded into a change that was already waiting. */
    public synchronized boolean offer(ProductUpdate update, Carried record) {
        String key = ProductChange.skuKey(update.sku());
        ProductChange already = waiting.get(key);
        if (already != null) {
            already.absorb(update, record);
            return true;
        }
        ProductChange change = new ProductChange(update, record);
        waiting.put(key, change);
        queue.addLast(change);
        return false;
    }

    /** The oldest waiting change whose SKU is not in flight, now in flight; or null. */
    public synchronized ProductChange take() {
        for (Iterator<ProductChange> it = queue.iterator(); it.hasNext(); ) {
            ProductChange change = it.next();
            if (!inFlight.containsKey(change.skuKey())) {
                it.remove();
                waiting.remove(change.skuKey());
                inFlight.put(change.skuKey(), change);
                return change;
            }
        }
        return null;
    }

    /** Up to {@code max} changes at once (a bulk request), oldest first, now in flight. */
    public synchronized List<ProductChange> take(int max) {
        List<ProductChange> taken = new ArrayList<>();
        while (taken.size() < max) {
            ProductChange next = take();
            if (next == null) {
                break;
            }
            taken.add(next);
        }
        return taken;
    }

    /** The send ended for good (saved or failed); the SKU may be sent again. */
    public synchronized void finished(ProductChange change) {
        inFlight.remove(change.skuKey(), change);
    }

    /**
     * The send must be tried again. It goes back to the front of the line; an update of the same SKU that
     * arrived meanwhile is folded in, so the retry carries the latest values.
     */
    public synchronized void retry(ProductChange change) {
        inFlight.remove(change.skuKey(), change);
        ProductChange newer = waiting.remove(change.skuKey());
        if (newer != null) {
            queue.remove(newer);
            change.absorbAll(newer);
        }
        waiting.put(change.skuKey(), change);
        queue.addFirst(change);
    }

    /**
     * Forgets the waiting changes that answer for records matching {@code revoked} (their partitions went to
     * another consumer, which will read them again) and returns those records. Changes in flight stay.
     */
    public synchronized List<Carried> drop(Predicate<Carried> revoked) {
        List<Carried> dropped = new ArrayList<>();
        for (Iterator<ProductChange> it = queue.iterator(); it.hasNext(); ) {
            ProductChange change = it.next();
            if (change.carried().stream().anyMatch(revoked)) {
                it.remove();
                waiting.remove(change.skuKey());
                dropped.addAll(change.carried());
            }
        }
        return dropped;
    }

    public synchronized int waitingCount() {
        return queue.size();
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    public synchronized boolean hasWaiting() {
        return !queue.isEmpty();
    }
}
