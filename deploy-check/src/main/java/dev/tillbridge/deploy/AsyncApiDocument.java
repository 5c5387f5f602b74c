package dev.tillbridge.deploy;

import dev.tillbridge.events.TopicSpec;
import dev.tillbridge.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AsyncAPI 3 document of Tillbridge's topics, made from what the code says: topic settings from {@link Topics},
 * payload schemas from the common-events records ({@link EventSchemas}), who sends and receives what from
 * {@link EventChannels}. deploy/api/asyncapi.yaml
 * is this document; AsyncApiDocumentTest keeps it so, and bin/lint-api validates it with the AsyncAPI parser.
 */
public final class AsyncApiDocument {

    private static final String BINDING_VERSION = "0.5.0";

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

        for (EventChannels.Channel channel : EventChannels.ALL) {
            String channelId = camel(channel.topic());
            TopicSpec spec = specs.get(channel.topic());
            Map<String, Object> channelMessages = new LinkedHashMap<>();
            for (EventChannels.Message message : channel.messages()) {
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
