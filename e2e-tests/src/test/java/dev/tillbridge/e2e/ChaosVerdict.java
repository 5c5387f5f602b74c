package dev.tillbridge.e2e;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SmtpInbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the chaos run judges, read from the topics, Magento, status-api and the inbox after the chaos: every order
 * against what it must end as, and the mails against the alert interval. Printed as the verdict table.
 */
final class ChaosVerdict {

    /** What each seeded order must end as, and why. */
    enum Expected {
        RELEASED,
        SKIPPED_ALREADY_INVOICED,
        SKIPPED_AWAITING_INVOICE,
        SKIPPED_CANCELED
    }

    /** An alert (integration and code) open on {@code integration-alerts} when the faults ended. */
    record OpenAlert(String integrationId, AlertCode code) {
        /** The digest names it as "(CODE) on name [integrationId]", in its open or its resolved part. */
        boolean namedIn(SmtpInbox.Mail mail) {
            return mail.text()
                    .lines()
                    .anyMatch(line -> line.contains("(" + code + ") on ") && line.contains("[" + integrationId + "]"));
        }
    }

    int total;
    long releasedEligible;
    int skippedRight;
    final List<String> lost = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();
    final List<String> misDecided = new ArrayList<>();
    final Map<String, Long> releasedByIntegration = new HashMap<>();
    final Map<String, Long> skippedByIntegration = new HashMap<>();
    final List<String> readModel = new ArrayList<>();
    final List<String> mailRepeats = new ArrayList<>();
    final List<String> alertsUnmailed = new ArrayList<>();
    final List<String> deadLetters = new ArrayList<>();
    List<String> productsMissing = List.of();
    int mailsSeen;
    int alertsOpenAtFaultsEnd;

    /** The orders as the topics hold them now: releases on {@code filtered-orders}, the last skip of each. */
    static ChaosVerdict judge(KafkaTestClient kafka, Map<String, Map<Long, Expected>> expected) {
        ChaosVerdict verdict = new ChaosVerdict();
        Set<String> ids = expected.keySet();
        Map<String, Map<Long, Integer>> releases = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(Topics.FILTERED_ORDERS, r -> ofIntegration(r, ids))) {
            OrderReleased released =
                    EventJson.decode(r.value(), OrderReleased.class).payload();
            if (!released.redownload()) {
                releases.computeIfAbsent(released.integrationId(), k -> new HashMap<>())
                        .merge(released.order().entityId(), 1, Integer::sum);
            }
        }
        Map<String, Map<Long, SkipReason>> lastSkip = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(Topics.SKIPPED_ORDERS, r -> ofIntegration(r, ids))) {
            OrderSkipped skipped =
                    EventJson.decode(r.value(), OrderSkipped.class).payload();
            lastSkip.computeIfAbsent(skipped.integrationId(), k -> new HashMap<>())
                    .put(skipped.entityId(), skipped.reason());
        }
        releases.forEach(
                (integrationId, byOrder) -> verdict.releasedByIntegration.put(integrationId, (long) byOrder.size()));
        lastSkip.forEach((integrationId, byOrder) -> verdict.skippedByIntegration.put(
                integrationId,
                byOrder.keySet().stream()
                        .filter(entityId ->
                                !releases.getOrDefault(integrationId, Map.of()).containsKey(entityId))
                        .count()));
        expected.forEach((integrationId, orders) -> orders.forEach((entityId, want) -> {
            int times = releases.getOrDefault(integrationId, Map.of()).getOrDefault(entityId, 0);
            SkipReason skip = lastSkip.getOrDefault(integrationId, Map.of()).get(entityId);
            String order = integrationId + ":" + entityId;
            verdict.total++;
            if (times > 1) {
                verdict.duplicated.add(order + " x" + times);
            }
            switch (want) {
                case RELEASED -> {
                    if (times == 0) {
                        verdict.lost.add(order);
                    } else {
                        verdict.releasedEligible++;
                    }
                }
                case SKIPPED_ALREADY_INVOICED -> verdict.checkSkip(order, times, skip, SkipReason.ALREADY_INVOICED);
                case SKIPPED_AWAITING_INVOICE -> verdict.checkSkip(order, times, skip, SkipReason.AWAITING_INVOICE);
                case SKIPPED_CANCELED -> verdict.checkSkip(order, times, skip, SkipReason.CANCELED);
            }
        }));
        return verdict;
    }

    /** The alerts of these integrations whose last record up to {@code at} (by record time) is RAISED. */
    static List<OpenAlert> openAlerts(KafkaTestClient kafka, Set<String> integrationIds, Instant at) {
        Map<String, ConsumerRecord<String, String>> last = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(
                Topics.INTEGRATION_ALERTS,
                r -> ofIntegration(r, integrationIds) && r.timestamp() <= at.toEpochMilli())) {
            last.merge(r.key(), r, (a, b) -> b.offset() > a.offset() ? b : a);
        }
        return last.values().stream()
                .filter(r -> r.value() != null)
                .map(r -> EventJson.decode(r.value(), AlertChanged.class).payload())
                .filter(alert -> alert.state() == AlertState.RAISED)
                .map(alert -> new OpenAlert(alert.integrationId(), alert.code()))
                .sorted(Comparator.comparing(OpenAlert::integrationId).thenComparing(OpenAlert::code))
                .toList();
    }

    /** The open alerts no mail in [faultsEnd, deadline] names (Date headers have whole seconds). */
    static List<OpenAlert> unmailed(
            List<OpenAlert> open, List<SmtpInbox.Mail> mails, Instant faultsEnd, Instant deadline) {
        Instant from = faultsEnd.truncatedTo(ChronoUnit.SECONDS);
        List<SmtpInbox.Mail> inWindow = mails.stream()
                .filter(m -> !m.sentAt().isBefore(from) && !m.sentAt().isAfter(deadline))
                .toList();
        return open.stream()
                .filter(alert -> inWindow.stream().noneMatch(alert::namedIn))
                .toList();
    }

    /** Every alert open when the faults ended is mailed (still open, or resolved) by {@code deadline}. */
    void checkAlertsMailed(List<OpenAlert> open, List<SmtpInbox.Mail> mails, Instant faultsEnd, Instant deadline) {
        alertsOpenAtFaultsEnd = open.size();
        unmailed(open, mails, faultsEnd, deadline)
                .forEach(alert -> alertsUnmailed.add(String.format(
                        "%s on %s open at %s, no mail names it by %s (mails naming it: %s)",
                        alert.code(),
                        alert.integrationId(),
                        faultsEnd,
                        deadline,
                        mails.stream()
                                .filter(alert::namedIn)
                                .map(m -> m.sentAt().toString())
                                .toList())));
    }

    /** Nothing good may end on a dead-letter topic: the run publishes no unreadable record. */
    void checkDeadLetters(KafkaTestClient kafka) {
        Topics.allWithDeadLetters().stream()
                .map(spec -> spec.name())
                .filter(name -> name.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .forEach(dlq -> kafka.readAll(dlq, r -> true)
                        .forEach(r -> deadLetters.add(String.format(
                                "%s: key %s, %s",
                                dlq,
                                r.key(),
                                r.value() == null
                                        ? "null"
                                        : r.value()
                                                .substring(
                                                        0,
                                                        Math.min(160, r.value().length()))))));
    }

    /**
     * No duplicate e-mail inside an interval: two mails with the same subject (same account, same alerts, same
     * kind) must be at least the alert interval apart (a second of slack for the Date header's resolution).
     */
    void checkMails(List<SmtpInbox.Mail> mails, Duration interval) {
        mailsSeen = mails.size();
        Map<String, Instant> lastBySubject = new HashMap<>();
        for (SmtpInbox.Mail mail : mails) {
            Instant previous = lastBySubject.put(mail.subject(), mail.sentAt());
            if (previous != null && Duration.between(previous, mail.sentAt()).compareTo(interval.minusSeconds(1)) < 0) {
                mailRepeats.add(String.format("'%s' at %s and again at %s", mail.subject(), previous, mail.sentAt()));
            }
        }
    }

    void checkSkip(String order, int releasedTimes, SkipReason actual, SkipReason wanted) {
        if (releasedTimes > 0) {
            misDecided.add(order + " released, should be skipped " + wanted);
        } else if (actual != wanted) {
            misDecided.add(order + " skipped " + actual + ", should be " + wanted);
        } else {
            skippedRight++;
        }
    }

    /** Prints the verdict table and the chaos log, and writes both to target/chaos-verdict.md (bin/chaos shows it). */
    void print(String header, List<String> chaosLog) {
        StringBuilder out = new StringBuilder(header)
                .append("\n\n")
                .append("| chaos verdict | orders |\n|---|---|\n")
                .append(String.format("| orders judged | %d |%n", total))
                .append(String.format(
                        "| eligible, released exactly once | %d |%n", releasedEligible - duplicated.size()))
                .append(String.format("| skipped with the right reason | %d |%n", skippedRight))
                .append(String.format("| **lost** | %d |%n", lost.size()))
                .append(String.format("| **duplicated** | %d |%n", duplicated.size()))
                .append(String.format("| **mis-decided** | %d |%n", misDecided.size()))
                .append(String.format("| product updates missing in Magento | %d |%n", productsMissing.size()))
                .append(String.format("| status-api counts differing from the topics | %d |%n", readModel.size()))
                .append(String.format("| records dead-lettered | %d |%n", deadLetters.size()))
                .append(String.format("| alert mails received | %d |%n", mailsSeen))
                .append(String.format("| mails repeated inside the interval | %d |%n", mailRepeats.size()))
                .append(String.format("| alerts open when the faults ended | %d |%n", alertsOpenAtFaultsEnd))
                .append(String.format(
                        "| of those, not mailed within one interval + 1 tick (+ slack) | %d |%n",
                        alertsUnmailed.size()));
        List.of(lost, duplicated, misDecided, productsMissing, readModel, deadLetters, mailRepeats, alertsUnmailed)
                .forEach(list -> list.stream()
                        .limit(10)
                        .forEach(o -> out.append("  ").append(o).append('\n')));
        out.append("\nWhat the chaos did:\n\n```\n");
        chaosLog.forEach(line -> out.append(line).append('\n'));
        out.append("```\n");
        System.out.println(out);
        try {
            Files.writeString(Path.of("target", "chaos-verdict.md"), out);
        } catch (IOException e) {
            System.out.println("cannot write target/chaos-verdict.md: " + e.getMessage());
        }
    }

    static boolean ofIntegration(ConsumerRecord<String, String> r, Set<String> integrationIds) {
        if (r.key() == null) {
            return false;
        }
        int colon = r.key().indexOf(':');
        return colon > 0 && integrationIds.contains(r.key().substring(0, colon));
    }
}
