package dev.tillbridge.events.kafka;

import dev.tillbridge.events.MalformedEventException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The two kinds of consumer failure, and the one rule that tells them apart. Every consumer asks this (through
 * {@link TransientRetry}); none decides for itself.
 *
 * <ul>
 * <li>{@link #POISON}: the record itself can never be processed: it is not an event of its topic
 *     ({@link MalformedEventException}), or the database refuses its values (SQL state class 22, data exception;
 *     23, integrity constraint violation), or the code fails on it in a way no retry changes (any failure not
 *     listed below). It goes to {@code <topic>.dlq} and the consumer goes on.</li>
 * <li>{@link #TRANSIENT}: the record is fine, something it needs is not available now: any other
 *     {@link SQLException} (connection lost or refused, pool exhausted, serialization failure, deadlock, lock
 *     timeout, shutdown or fail-over, a table missing during a migration), a retriable broker error, a network
 *     error or a time-out, found among the causes or, when none decides, among the suppressed failures (a failed
 *     commit reports the connection it lost that way). Nothing is committed; the record is tried again with back-off
 *     until it is done.</li>
 * </ul>
 */
public enum FailureKind {
    TRANSIENT,
    POISON;

    public static FailureKind of(Throwable failure) {
        // The causes first, then what was suppressed on the way: a failed commit (JTA's RollbackException) carries
        // the database's answer only as a suppressed XAException, and is the same outage as a failed statement.
        Deque<Throwable> pending = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        pending.add(failure);
        while (!pending.isEmpty()) {
            for (Throwable t = pending.poll(); t != null && seen.add(t); t = t.getCause()) {
                if (t instanceof MalformedEventException) {
                    return POISON;
                }
                if (t instanceof SQLException sql) {
                    return recordRefused(sql) ? POISON : TRANSIENT;
                }
                if (t instanceof RetriableException
                        || t instanceof TimeoutException
                        || t instanceof SocketException
                        || t instanceof SocketTimeoutException) {
                    return TRANSIENT;
                }
                pending.addAll(List.of(t.getSuppressed()));
            }
        }
        return POISON;
    }

    /** Data exception (22) or integrity constraint violation (23): these values will never be stored. */
    private static boolean recordRefused(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
