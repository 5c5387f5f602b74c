package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what the rules find now, and what status-api has raised and not resolved, into the changes to
 * publish: a new finding is raised, a finding whose message changed is raised again (updated), a raised
 * alert that no longer holds is resolved; an unchanged one publishes nothing.
 */
public final class AlertBook {

    public sealed interface Transition permits Raise, Update, Resolve {
        AlertCode code();
    }

    public record Raise(AlertCode code, String message) implements Transition {}

    public record Update(AlertCode code, String message) implements Transition {}

    public record Resolve(AlertCode code) implements Transition {}

    private AlertBook() {}

    /**
     * @param raised the message of every alert status-api raised for this integration and has not resolved
     */
    public static List<Transition> transitions(Map<AlertCode, String> findings, Map<AlertCode, String> raised) {
        List<Transition> transitions = new ArrayList<>();
        for (AlertCode code : AlertRules.OWN_CODES) {
            String now = findings.get(code);
            String before = raised.get(code);
            if (now != null && before == null) {
                transitions.add(new Raise(code, now));
            } else if (now != null && !now.equals(before)) {
                transitions.add(new Update(code, now));
            } else if (now == null && before != null) {
                transitions.add(new Resolve(code));
            }
        }
        return transitions;
    }
}
