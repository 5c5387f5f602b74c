package dev.tillbridge.deploy;

import static dev.tillbridge.events.Topics.FILTERED_ORDERS;
import static dev.tillbridge.events.Topics.INTEGRATIONS;
import static dev.tillbridge.events.Topics.INTEGRATION_ALERTS;
import static dev.tillbridge.events.Topics.INTEGRATION_LOGS;
import static dev.tillbridge.events.Topics.INVOICE_FILTER_INVOICE_REQUESTS;
import static dev.tillbridge.events.Topics.INVOICE_FILTER_MISMATCH_FACTS;
import static dev.tillbridge.events.Topics.PRODUCT_PROGRESS;
import static dev.tillbridge.events.Topics.PRODUCT_UPDATES;
import static dev.tillbridge.events.Topics.RAW_ORDERS;
import static dev.tillbridge.events.Topics.SKIPPED_ORDERS;
import static dev.tillbridge.events.Topics.SYNC_CYCLES;
import static dev.tillbridge.events.Topics.SYNC_REQUESTS;
import static dev.tillbridge.events.Topics.deadLetter;

import dev.tillbridge.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each Kafka-using service reads and writes: its configuration ({@link KafkaAccess}) plus the clients it builds by
 * hand, which no properties file describes. The hand-built part is declared here once and kept honest by
 * {@link #topicsNamedInCode}: a topic the code starts to use without a line here fails KafkaUsersTest.
 */
final class ServiceKafkaUse {

    /** One service's hand-built clients: what they read, write and which groups they join. */
    record HandBuilt(String clients, Set<String> reads, Set<String> writes, Set<String> groups) {}

    /** Every service with a KafkaUser: the base's five, and the dev overlay's POS stand-in. */
    static final Set<String> SERVICES =
            Set.of("order-poller", "invoice-filter", "product-pusher", "notifier", "status-api", "pos-standin");

    static final Map<String, HandBuilt> HAND_BUILT = Map.of(
            "order-poller",
                    new HandBuilt(
                            "KafkaOrderPublisher",
                            Set.of(),
                            Set.of(RAW_ORDERS, SYNC_CYCLES, INTEGRATION_LOGS, INTEGRATION_ALERTS),
                            Set.of()),
            "invoice-filter",
                    new HandBuilt(
                            "the Streams topology (DownloadModeTopology)",
                            Set.of(RAW_ORDERS, INTEGRATIONS, INVOICE_FILTER_MISMATCH_FACTS),
                            Set.of(
                                    FILTERED_ORDERS,
                                    SKIPPED_ORDERS,
                                    INTEGRATION_LOGS,
                                    INTEGRATION_ALERTS,
                                    deadLetter(RAW_ORDERS),
                                    INVOICE_FILTER_MISMATCH_FACTS,
                                    INVOICE_FILTER_INVOICE_REQUESTS),
                            Set.of()),
            "product-pusher",
                    new HandBuilt(
                            "ProductUpdateConsumer and KafkaPusherEvents",
                            Set.of(PRODUCT_UPDATES),
                            Set.of(PRODUCT_PROGRESS, INTEGRATION_LOGS, INTEGRATION_ALERTS, deadLetter(PRODUCT_UPDATES)),
                            Set.of(pusherGroup())),
            "pos-standin", new HandBuilt("CatalogPublisher", Set.of(), Set.of(PRODUCT_UPDATES), Set.of()),
            "status-api",
                    new HandBuilt(
                            "OutboxProducer (the control plane's outbox relay)",
                            Set.of(),
                            Set.of(INTEGRATIONS, RAW_ORDERS, INTEGRATION_LOGS, SYNC_REQUESTS),
                            Set.of()));

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z][A-Z_]*)\\b(?!\\()");
    private static final Pattern DEAD_LETTER_OF = Pattern.compile("Topics\\.deadLetter\\(Topics\\.([A-Z][A-Z_]*)\\)");

    private ServiceKafkaUse() {}

    /** What the service's configuration and hand-built clients use. */
    static KafkaAccess of(String service) {
        KafkaAccess configured = KafkaAccess.of(
                Project.root().resolve(service),
                Project.root().resolve("common-events/src/main/resources/META-INF/microprofile-config.properties"));
        HandBuilt hand = HAND_BUILT.get(service);
        return hand == null ? configured : configured.plus(hand.reads(), hand.writes(), hand.groups());
    }

    /** Every topic a {@code Topics} constant names in the service's main code (and {@code deadLetter(...)} of one). */
    static Set<String> topicsNamedInCode(String service) {
        Map<String, String> constants = topicConstants();
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Project.root().resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher constant = TOPIC_CONSTANT.matcher(code);
                while (constant.find()) {
                    if (constants.containsKey(constant.group(1))) {
                        named.add(constants.get(constant.group(1)));
                    }
                }
                Matcher deadLetter = DEAD_LETTER_OF.matcher(code);
                while (deadLetter.find()) {
                    named.add(Topics.deadLetter(constants.get(deadLetter.group(1))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return named;
    }

    private static Map<String, String> topicConstants() {
        Map<String, String> constants = new TreeMap<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (Topics.allWithDeadLetters().stream()
                            .anyMatch(t -> t.name().equals(value))) {
                        constants.put(field.getName(), value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    /** product-pusher's product-updates group: PusherConfig's default, unless application.properties sets one. */
    private static String pusherGroup() {
        try {
            var properties = new Properties();
            properties.load(Files.newBufferedReader(
                    Project.root().resolve("product-pusher/src/main/resources/application.properties")));
            String configured = properties.getProperty("tillbridge.pusher.group-id");
            if (configured != null) {
                return configured.trim();
            }
            String config = Files.readString(Project.root()
                    .resolve("product-pusher/src/main/java/dev/tillbridge/pusher/config/PusherConfig.java"));
            Matcher matcher = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s*String groupId\\(\\)")
                    .matcher(config);
            if (!matcher.find()) {
                throw new IllegalStateException(
                        "PusherConfig.groupId() has no @WithDefault: where does the group come from?");
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
