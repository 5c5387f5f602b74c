package dev.tillbridge.events.alert;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one lifecycle of an alert, raise / keep / resolve, as pure functions over what a service holds of
 * an alert it raised. A problem seen for the first time is raised; seen again while it is held it is kept
 * (counted, and published again only as its caller's policy says); a problem no longer seen is resolved,
 * once. Where the held alerts live (a table, a state store, memory) and how a change is published stay
 * with the caller, so every service follows the same rules whatever its storage.
 */
public final class AlertBook {

    /**
     * An alert a service raised and has not resolved.
     *
     * @param publishedAt when its latest RAISED record was published, which paces the refreshes
     */
    public record Held(
            AlertCode code,
            String message,
            Instant firstSeenAt,
            Instant lastSeenAt,
            int occurrences,
            Instant publishedAt) {

        public Held {
            Objects.requireNonNull(code, "code");
        }

        /** A problem seen for the first time, published now. */
        public static Held first(AlertCode code, String message, Instant now) {
            return new Held(code, message, now, now, 1, now);
        }

        Held again(String latest, Instant now, boolean published) {
            return new Held(code, latest, firstSeenAt, now, occurrences + 1, published ? now : publishedAt);
        }
    }

    /** A change to publish: the alert as its record shows it. */
    public sealed interface Transition permits Raise, Refresh, Resolve {

        Held held();

        default AlertCode code() {
            return held().code();
        }

        default AlertState state() {
            return this instanceof Resolve ? AlertState.RESOLVED : AlertState.RAISED;
        }
    }

    /** First seen: publish RAISED. */
    public record Raise(Held held) implements Transition {}

    /** Still seen and due again: publish RAISED with the latest message, last-seen time and count. */
    public record Refresh(Held held) implements Transition {}

    /** No longer seen: publish RESOLVED once; {@code held} is the alert as it was last held. */
    public record Resolve(Held held) implements Transition {}

    /** What a sighting leaves: the alert to hold from now on, and the change to publish if any. */
    public record Seen(Held held, Optional<Transition> publish) {}

    private AlertBook() {}

    /**
     * A problem is seen (again) now.
     *
     * @param held the alert held for this code, or null when none is
     * @param repeat how long a held alert goes without a new RAISED record; {@link Duration#ZERO} publishes every
     *     sighting, null none after the first
     */
    public static Seen seen(Held held, AlertCode code, String message, Instant now, Duration repeat) {
        if (held == null) {
            Held first = Held.first(code, message, now);
            return new Seen(first, Optional.of(new Raise(first)));
        }
        boolean due = repeat != null && !now.isBefore(held.publishedAt().plus(repeat));
        Held next = held.again(message, now, due);
        return new Seen(next, due ? Optional.of(new Refresh(next)) : Optional.empty());
    }

    /** A problem is no longer seen: resolve what is held, or nothing when nothing is. */
    public static Optional<Transition> cleared(Held held) {
        return held == null ? Optional.empty() : Optional.of(new Resolve(held));
    }

    /**
     * For a service that evaluates rules over and over: what it finds now against what it holds. A new finding
     * is raised, a finding whose message changed is refreshed, a held alert no longer found is resolved; an
     * unchanged one publishes nothing.
     *
     * @param codes the codes this service owns, in the order to publish their changes; others are not touched
     * @param findings the message of each problem found now
     * @param raised the alerts this service holds
     */
    public static List<Transition> transitions(
            Collection<AlertCode> codes, Map<AlertCode, String> findings, Map<AlertCode, Held> raised, Instant now) {
        List<Transition> transitions = new ArrayList<>();
        for (AlertCode code : codes) {
            String found = findings.get(code);
            Held held = raised.get(code);
            if (found == null) {
                cleared(held).ifPresent(transitions::add);
            } else if (held == null) {
                transitions.add(seen(null, code, found, now, null).publish().orElseThrow());
            } else if (!found.equals(held.message())) {
                transitions.add(new Refresh(held.again(found, now, true)));
            }
        }
        return transitions;
    }
}
