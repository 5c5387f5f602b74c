package dev.tillbridge.status.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.magento.MagentoCredentials;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A create or change request for an integration, read field by field from the JSON body so every
 * rejected value is named ({@code syncIntervalSeconds}, {@code notificationEmails[1]}): the JSON types by
 * {@link FieldReader}, what each setting may be by {@link IntegrationRules}. Only the fields present in the body
 * change ({@link IntegrationMergePatch}); {@code null} clears an optional field. Credentials are write-only: they
 * are read here, sealed by the control plane, and never kept in plaintext.
 */
public final class IntegrationChange {

    private static final Set<String> TOP_FIELDS = Set.of(
            "integrationId",
            "accountId",
            "name",
            "posName",
            "magento",
            "storeIds",
            "downloadMode",
            "syncIntervalSeconds",
            "startDate",
            "notificationEmails",
            "alertIntervalMinutes",
            "enabled");
    private static final Set<String> MAGENTO_FIELDS = Set.of("baseUrl", "storeCode", "credentials");

    private final Set<String> present = new HashSet<>();
    private String integrationId;
    private String accountId;
    private String name;
    private String posName;
    private String baseUrl;
    private String storeCode;
    private MagentoCredentials credentials;
    private List<Integer> storeIds;
    private DownloadMode downloadMode;
    private Integer syncIntervalSeconds;
    private Instant startDate;
    private List<String> notificationEmails;
    private Integer alertIntervalMinutes;
    private Boolean enabled;

    private IntegrationChange() {}

    /** Reads a create request: name, magento.baseUrl and magento.credentials are required. */
    public static IntegrationChange forCreate(JsonNode body) {
        IntegrationChange change = read(body, true);
        FieldReader missing = new FieldReader();
        if (change.name == null) {
            missing.refuse("name", "is required");
        }
        if (change.baseUrl == null) {
            missing.refuse("magento.baseUrl", "is required");
        }
        if (change.credentials == null) {
            missing.refuse("magento.credentials", "is required");
        }
        missing.throwIfRefused();
        return change;
    }

    /** Reads a change request (JSON merge patch): at least one field. */
    public static IntegrationChange forUpdate(JsonNode body) {
        IntegrationChange change = read(body, false);
        if (change.present.isEmpty()) {
            throw InvalidRequestException.of("body", "names no field to change");
        }
        return change;
    }

    private static IntegrationChange read(JsonNode body, boolean create) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw InvalidRequestException.of("body", "is required: a JSON object");
        }
        if (!body.isObject()) {
            throw InvalidRequestException.of("body", "must be a JSON object");
        }
        IntegrationChange c = new IntegrationChange();
        FieldReader reader = new FieldReader();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!TOP_FIELDS.contains(key)) {
                reader.refuse(FieldReader.safeName(key), "is not a field of an integration");
                continue;
            }
            c.present.add(key);
            switch (key) {
                case "integrationId" ->
                    c.integrationId = create ? IntegrationRules.id(reader, value, key) : fixed(reader, key);
                case "accountId" -> c.accountId = create ? IntegrationRules.id(reader, value, key) : fixed(reader, key);
                case "name" -> c.name = reader.text(value, key, IntegrationRules.MAX_NAME_LENGTH, false);
                case "posName" -> c.posName = reader.text(value, key, IntegrationRules.MAX_POS_NAME_LENGTH, true);
                case "magento" -> c.readMagento(reader, value);
                case "storeIds" -> c.storeIds = IntegrationRules.storeIds(reader, value, key);
                case "downloadMode" -> c.downloadMode = IntegrationRules.downloadMode(reader, value, key);
                case "syncIntervalSeconds" ->
                    c.syncIntervalSeconds = reader.integer(
                            value,
                            key,
                            IntegrationRules.MIN_SYNC_INTERVAL_SECONDS,
                            IntegrationRules.MAX_SYNC_INTERVAL_SECONDS,
                            false);
                case "startDate" -> c.startDate = reader.dateOrInstant(value, key);
                case "notificationEmails" -> c.notificationEmails = IntegrationRules.emails(reader, value, key);
                case "alertIntervalMinutes" ->
                    c.alertIntervalMinutes = reader.integer(
                            value,
                            key,
                            IntegrationRules.MIN_ALERT_INTERVAL_MINUTES,
                            IntegrationRules.MAX_ALERT_INTERVAL_MINUTES,
                            true);
                case "enabled" -> c.enabled = reader.bool(value, key);
                default -> throw new IllegalStateException(key);
            }
        }
        reader.throwIfRefused();
        return c;
    }

    /** A field a change request may not carry: the id and the account are the integration's for good. */
    private static String fixed(FieldReader reader, String key) {
        reader.refuse(key, "cannot be changed");
        return null;
    }

    private void readMagento(FieldReader reader, JsonNode value) {
        if (!value.isObject()) {
            reader.refuse("magento", "must be an object with baseUrl, storeCode and credentials");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String path = "magento." + FieldReader.safeName(key);
            if (!MAGENTO_FIELDS.contains(key)) {
                reader.refuse(path, "is not a field of magento");
                continue;
            }
            present.add("magento." + key);
            JsonNode v = field.getValue();
            switch (key) {
                case "baseUrl" -> baseUrl = IntegrationRules.baseUrl(reader, v, path);
                case "storeCode" -> storeCode = IntegrationRules.storeCode(reader, v, path);
                case "credentials" -> credentials = IntegrationRules.credentials(reader, v, path);
                default -> throw new IllegalStateException(key);
            }
        }
    }

    public boolean has(String field) {
        return present.contains(field);
    }

    /** The names of the fields this request changes (credentials named, never shown). */
    public Set<String> fields() {
        return Set.copyOf(present);
    }

    public String integrationId() {
        return integrationId;
    }

    public String accountId() {
        return accountId;
    }

    public MagentoCredentials credentials() {
        return credentials;
    }

    /** The new {@code magento.baseUrl}, or null when this request does not set it. */
    public String baseUrl() {
        return baseUrl;
    }

    String name() {
        return name;
    }

    String posName() {
        return posName;
    }

    String storeCode() {
        return storeCode;
    }

    List<Integer> storeIds() {
        return storeIds;
    }

    DownloadMode downloadMode() {
        return downloadMode;
    }

    Integer syncIntervalSeconds() {
        return syncIntervalSeconds;
    }

    Instant startDate() {
        return startDate;
    }

    List<String> notificationEmails() {
        return notificationEmails;
    }

    Integer alertIntervalMinutes() {
        return alertIntervalMinutes;
    }

    Boolean enabled() {
        return enabled;
    }
}
