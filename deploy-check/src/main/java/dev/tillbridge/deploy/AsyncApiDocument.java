package dev.tillbridge.deploy;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.TopicSpec;
import dev.tillbridge.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AsyncAPI 3 document of Tillbridge's topics, made from what the code says: topic settings from {@link Topics},
 * payload schemas from the common-events records, who sends and receives from docs/architecture.md. deploy/api/asyncapi.yaml
 * is this document; AsyncApiDocumentTest keeps it so, and bin/lint-api validates it with the AsyncAPI parser.
 */
public final class AsyncApiDocument {

    /** One kind of record on a topic. */
    record Message(String id, String type, Class<?> payload, String summary) {}

    /** One topic: key, messages, the services that write and read it. */
    record Channel(
            String topic,
            String key,
            List<Message> messages,
            List<String> senders,
            List<String> receivers,
            String description) {}

    private static final String BINDING_VERSION = "0.5.0";

    static final List<Channel> CHANNELS = List.of(
            new Channel(
                    Topics.INTEGRATIONS,
                    "integrationId",
                    List.of(
                            new Message(
                                    "integrationConfigured",
                                    IntegrationConfigured.TYPE,
                                    IntegrationConfigured.class,
                                    "The whole current configuration of an integration (a null value is the tombstone of a deleted one)")),
                    List.of("status-api"),
                    List.of("order-poller", "invoice-filter", "product-pusher", "notifier", "status-api"),
                    "Control plane: one compacted record per integration."),
            new Channel(
                    Topics.RAW_ORDERS,
                    "integrationId:entityId",
                    List.of(
                            new Message(
                                    "orderObserved",
                                    OrderObserved.TYPE,
                                    OrderObserved.class,
                                    "An order snapshot as Magento returned it, normalised, with the cycle that saw it"),
                            new Message(
                                    "redownloadRequested",
                                    RedownloadRequested.TYPE,
                                    RedownloadRequested.class,
                                    "An operator asked to download one order again")),
                    List.of("order-poller", "status-api"),
                    List.of("invoice-filter", "status-api"),
                    "Every order the poller saw; repeats are expected and dropped by invoice-filter's exactly-once rule."
                            + " status-api reads it for the order stories."),
            new Channel(
                    Topics.FILTERED_ORDERS,
                    "integrationId:entityId",
                    List.of(
                            new Message(
                                    "orderReleased",
                                    OrderReleased.TYPE,
                                    OrderReleased.class,
                                    "An order released to the POS: exactly once per order (read with isolation.level=read_committed)")),
                    List.of("invoice-filter"),
                    List.of("pos-connector", "invoice-filter", "status-api"),
                    "Orders for the POS, written transactionally (Kafka Streams exactly_once_v2)."),
            new Channel(
                    Topics.SKIPPED_ORDERS,
                    "integrationId:entityId",
                    List.of(new Message(
                            "orderSkipped",
                            OrderSkipped.TYPE,
                            OrderSkipped.class,
                            "An order not downloaded, with a reason code, a sentence and advice")),
                    List.of("invoice-filter"),
                    List.of("status-api"),
                    "Orders not downloaded and why."),
            new Channel(
                    Topics.SYNC_CYCLES,
                    "integrationId",
                    List.of(
                            new Message(
                                    "syncCycleStarted",
                                    SyncCycle.STARTED_TYPE,
                                    SyncCycle.class,
                                    "A sync cycle started"),
                            new Message(
                                    "syncCycleEnded",
                                    SyncCycle.ENDED_TYPE,
                                    SyncCycle.class,
                                    "A sync cycle ended: window, counts, Magento's newest updated_at, outcome"),
                            new Message(
                                    "resyncProgress",
                                    ResyncProgress.TYPE,
                                    ResyncProgress.class,
                                    "Where a resync (a re-read from a date) stands: read up to, orders found and sent, state")),
                    List.of("order-poller"),
                    List.of("status-api"),
                    "Start and end of every sync cycle, and the progress of resyncs."),
            new Channel(
                    Topics.PRODUCT_UPDATES,
                    "integrationId:sku",
                    List.of(new Message(
                            "productUpdate",
                            ProductUpdate.TYPE,
                            ProductUpdate.class,
                            "One product change from the POS, with its run id, position and run total")),
                    List.of("pos-connector"),
                    List.of("product-pusher"),
                    "Product changes from the POS, grouped in runs."),
            new Channel(
                    Topics.PRODUCT_PROGRESS,
                    "integrationId",
                    List.of(new Message(
                            "productProgress",
                            ProductProgress.TYPE,
                            ProductProgress.class,
                            "A run's progress: sent, failed, total, state, rate")),
                    List.of("product-pusher"),
                    List.of("status-api"),
                    "Progress of product runs, latest per integration."),
            new Channel(
                    Topics.INTEGRATION_LOGS,
                    "integrationId",
                    List.of(new Message(
                            "logEntry",
                            LogEntry.TYPE,
                            LogEntry.class,
                            "One Info or Error log line of a service (MAGENTO, POS or TILLBRIDGE)")),
                    List.of("order-poller", "invoice-filter", "product-pusher", "status-api"),
                    List.of("status-api"),
                    "The Logs page."),
            new Channel(
                    Topics.INTEGRATION_ALERTS,
                    "integrationId:alertCode",
                    List.of(
                            new Message(
                                    "alertRaised",
                                    AlertChanged.RAISED_TYPE,
                                    AlertChanged.class,
                                    "A problem raised, with its latest occurrence"),
                            new Message(
                                    "alertResolved",
                                    AlertChanged.RESOLVED_TYPE,
                                    AlertChanged.class,
                                    "A problem resolved")),
                    List.of("order-poller", "invoice-filter", "product-pusher", "status-api"),
                    List.of("notifier", "status-api"),
                    "Current state of every alert, compacted by integration and code."),
            new Channel(
                    Topics.NOTIFICATIONS,
                    "accountId",
                    List.of(new Message(
                            "notificationSent",
                            NotificationSent.TYPE,
                            NotificationSent.class,
                            "One e-mail sent: to, subject, alert codes, time")),
                    List.of("notifier"),
                    List.of("status-api"),
                    "Every alert e-mail, shown on the Logs page."),
            new Channel(
                    Topics.SYNC_REQUESTS,
                    "integrationId",
                    List.of(
                            new Message(
                                    "resyncRequested",
                                    ResyncRequested.TYPE,
                                    ResyncRequested.class,
                                    "An operator asked to read the orders again from a date (optionally forced)"),
                            new Message(
                                    "resyncCancelRequested",
                                    ResyncCancelRequested.TYPE,
                                    ResyncCancelRequested.class,
                                    "An operator cancelled a resync")),
                    List.of("status-api"),
                    List.of("order-poller"),
                    "Commands from the control plane to the poller (through status-api's outbox); the poller applies"
                            + " each once."));

    private AsyncApiDocument() {}

    public static Map<String, Object> build(String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put(
                "info",
                map(
                        "title",
                        "Tillbridge events",
                        "version",
                        version,
                        "description",
                        String.join(
                                "\n",
                                "Every Kafka topic of Tillbridge: keys, payloads, and which service sends and receives each.",
                                "Every record is JSON (UTF-8) in an envelope: `id` (UUID, the idempotency key), `type`, `accountId`,",
                                "`integrationId`, `occurredAt` (UTC, ISO-8601 with milliseconds), `schemaVersion` and `payload`.",
                                "Fields that are null are left out. Schemas evolve by adding optional fields; a breaking change is a",
                                "new `type` version. Consumers ignore unknown fields. Unreadable records go to `<topic>.dlq`.",
                                "Generated from common-events by deploy-check (AsyncApiDocumentTest); do not edit by hand.")));
        doc.put("defaultContentType", "application/json");
        doc.put(
                "servers",
                map(
                        "kubernetes",
                        map(
                                "host",
                                "tillbridge-kafka-bootstrap:9093",
                                "protocol",
                                "kafka-secure",
                                "description",
                                "The Strimzi cluster of deploy/base: TLS (the cluster CA) and a SCRAM-SHA-512 login, one "
                                        + "KafkaUser per service whose ACLs allow exactly the operations below (deploy/README.md)",
                                "security",
                                List.of(ref("#/components/securitySchemes/scram")))));

        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        Topics.ALL.forEach(t -> specs.put(t.name(), t));

        for (Channel channel : CHANNELS) {
            String channelId = camel(channel.topic());
            TopicSpec spec = specs.get(channel.topic());
            Map<String, Object> channelMessages = new LinkedHashMap<>();
            for (Message message : channel.messages()) {
                channelMessages.put(message.id(), ref("#/components/messages/" + message.id()));
                String payloadName = message.payload().getSimpleName();
                schemas.putIfAbsent(payloadName, EventSchemas.of(message.payload()));
                messages.put(
                        message.id(),
                        map(
                                "name", message.type(),
                                "title", message.type(),
                                "summary", message.summary(),
                                "contentType", "application/json",
                                "payload", envelope(message.type(), payloadName),
                                "bindings",
                                        map(
                                                "kafka",
                                                map(
                                                        "key",
                                                        map("type", "string", "description", channel.key()),
                                                        "bindingVersion",
                                                        BINDING_VERSION))));
            }
            Map<String, Object> topicConfiguration = new LinkedHashMap<>();
            topicConfiguration.put("cleanup.policy", List.of(spec.compacted() ? "compact" : "delete"));
            if (!spec.compacted()) {
                topicConfiguration.put("retention.ms", spec.retention().toMillis());
            }
            channels.put(
                    channelId,
                    map(
                            "address", channel.topic(),
                            "title", channel.topic(),
                            "description", channel.description() + " Key: `" + channel.key() + "`.",
                            "messages", channelMessages,
                            "bindings",
                                    map(
                                            "kafka",
                                            map(
                                                    "topic",
                                                    channel.topic(),
                                                    "partitions",
                                                    spec.partitions(),
                                                    "topicConfiguration",
                                                    topicConfiguration,
                                                    "bindingVersion",
                                                    BINDING_VERSION))));
            List<Object> refs = new ArrayList<>();
            channel.messages().forEach(m -> refs.add(ref("#/channels/" + channelId + "/messages/" + m.id())));
            for (String sender : channel.senders()) {
                operations.put(
                        camel(sender) + "Sends" + capitalise(channelId),
                        map(
                                "action",
                                "send",
                                "channel",
                                ref("#/channels/" + channelId),
                                "title",
                                sender + " sends to " + channel.topic(),
                                "tags",
                                List.of(map("name", sender)),
                                "messages",
                                refs));
            }
            for (String receiver : channel.receivers()) {
                operations.put(
                        camel(receiver) + "Receives" + capitalise(channelId),
                        map(
                                "action",
                                "receive",
                                "channel",
                                ref("#/channels/" + channelId),
                                "title",
                                receiver + " receives from " + channel.topic(),
                                "tags",
                                List.of(map("name", receiver)),
                                "messages",
                                refs));
            }
        }
        doc.put("channels", channels);
        doc.put("operations", operations);
        doc.put(
                "components",
                map(
                        "messages",
                        messages,
                        "schemas",
                        schemas,
                        "securitySchemes",
                        map(
                                "scram",
                                map(
                                        "type", "scramSha512",
                                        "description",
                                                "The password of the client's KafkaUser, from the Secret Strimzi's User Operator writes"))));
        return doc;
    }

    private static Map<String, Object> envelope(String type, String payloadName) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", map("type", "string", "format", "uuid", "description", "idempotency key"));
        properties.put("type", map("type", "string", "const", type));
        properties.put("accountId", map("type", "string"));
        properties.put("integrationId", map("type", "string"));
        properties.put("occurredAt", map("type", "string", "format", "date-time"));
        properties.put("schemaVersion", map("type", "integer", "minimum", 1));
        properties.put("payload", ref("#/components/schemas/" + payloadName));
        return map(
                "type",
                "object",
                "required",
                List.of("id", "type", "occurredAt", "schemaVersion", "payload"),
                "properties",
                properties);
    }

    private static Map<String, Object> ref(String target) {
        return map("$ref", target);
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '.') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
