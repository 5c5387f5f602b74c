package dev.tillbridge.status.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.magento.MagentoCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A create or change request for an integration, read field by field from the JSON body so every
 * rejected value is named ({@code syncIntervalSeconds}, {@code notificationEmails[1]}). Only the fields
 * present in the body change; {@code null} clears an optional field. Credentials are write-only: they are
 * read here, sealed by the control plane, and never kept in plaintext.
 */
public final class IntegrationChange {

    public static final int MIN_SYNC_INTERVAL_SECONDS = 10;
    public static final int MAX_SYNC_INTERVAL_SECONDS = 86_400;
    static final int MAX_EMAILS = 20;
    static final int MAX_STORE_IDS = 500;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern STORE_CODE = Pattern.compile("[a-z0-9_]{1,32}");
    // Deliberately plain: no whitespace (so no header injection), one @, a dot in the domain.
    private static final Pattern EMAIL =
            Pattern.compile("[^\\s@,;:<>()\\[\\]\"\\\\]+@[^\\s@,;:<>()\\[\\]\"\\\\]+\\.[^\\s@,;:<>()\\[\\]\"\\\\]+");
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
        List<FieldError> errors = new ArrayList<>();
        if (change.name == null) {
            errors.add(new FieldError("name", "is required"));
        }
        if (change.baseUrl == null) {
            errors.add(new FieldError("magento.baseUrl", "is required"));
        }
        if (change.credentials == null) {
            errors.add(new FieldError("magento.credentials", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
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
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!TOP_FIELDS.contains(key)) {
                errors.add(new FieldError(safeName(key), "is not a field of an integration"));
                continue;
            }
            c.present.add(key);
            switch (key) {
                case "integrationId" -> {
                    if (!create) {
                        errors.add(new FieldError(key, "cannot be changed"));
                    } else {
                        c.integrationId = text(value, key, 64, false, errors);
                        if (c.integrationId != null
                                && !ID.matcher(c.integrationId).matches()) {
                            errors.add(new FieldError(key, "must be 1-64 letters, digits, '.', '_' or '-'"));
                        }
                    }
                }
                case "accountId" -> {
                    if (!create) {
                        errors.add(new FieldError(key, "cannot be changed"));
                    } else {
                        c.accountId = text(value, key, 64, false, errors);
                        if (c.accountId != null && !ID.matcher(c.accountId).matches()) {
                            errors.add(new FieldError(key, "must be 1-64 letters, digits, '.', '_' or '-'"));
                        }
                    }
                }
                case "name" -> c.name = text(value, key, 200, false, errors);
                case "posName" -> c.posName = text(value, key, 100, true, errors);
                case "magento" -> readMagento(c, value, errors);
                case "storeIds" -> c.storeIds = storeIds(value, errors);
                case "downloadMode" -> c.downloadMode = downloadMode(value, errors);
                case "syncIntervalSeconds" ->
                    c.syncIntervalSeconds =
                            integer(value, key, MIN_SYNC_INTERVAL_SECONDS, MAX_SYNC_INTERVAL_SECONDS, false, errors);
                case "startDate" -> c.startDate = startDate(value, errors);
                case "notificationEmails" -> c.notificationEmails = emails(value, errors);
                case "alertIntervalMinutes" -> c.alertIntervalMinutes = integer(value, key, 1, 1440, true, errors);
                case "enabled" -> {
                    if (!value.isBoolean()) {
                        errors.add(new FieldError(key, "must be true or false"));
                    } else {
                        c.enabled = value.booleanValue();
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return c;
    }

    private static void readMagento(IntegrationChange c, JsonNode value, List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(new FieldError("magento", "must be an object with baseUrl, storeCode and credentials"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String path = "magento." + safeName(key);
            if (!MAGENTO_FIELDS.contains(key)) {
                errors.add(new FieldError(path, "is not a field of magento"));
                continue;
            }
            c.present.add("magento." + key);
            JsonNode v = field.getValue();
            switch (key) {
                case "baseUrl" -> {
                    c.baseUrl = text(v, path, 2048, false, errors);
                    if (c.baseUrl != null && !httpUrl(c.baseUrl)) {
                        errors.add(new FieldError(path, "must be an absolute http or https URL"));
                    }
                }
                case "storeCode" -> {
                    c.storeCode = text(v, path, 32, true, errors);
                    if (c.storeCode != null && !STORE_CODE.matcher(c.storeCode).matches()) {
                        errors.add(new FieldError(path, "must be a Magento store code: a-z, 0-9 and _"));
                    }
                }
                case "credentials" -> c.credentials = credentials(v, errors);
                default -> throw new IllegalStateException(key);
            }
        }
    }

    private static MagentoCredentials credentials(JsonNode v, List<FieldError> errors) {
        String path = "magento.credentials";
        if (!v.isObject()) {
            errors.add(new FieldError(
                    path,
                    "must be an object: {kind: bearer, accessToken} or {kind: oauth1, "
                            + "consumerKey, consumerSecret, accessToken, accessTokenSecret}"));
            return null;
        }
        JsonNode kind = v.get("kind");
        if (kind == null || !kind.isTextual()) {
            errors.add(new FieldError(path + ".kind", "is required: bearer or oauth1"));
            return null;
        }
        int before = errors.size();
        switch (kind.textValue()) {
            case "bearer" -> {
                onlyFields(v, path, Set.of("kind", "accessToken"), errors);
                String token = secret(v, path, "accessToken", errors);
                return errors.size() == before ? new MagentoCredentials.Bearer(token) : null;
            }
            case "oauth1" -> {
                onlyFields(
                        v,
                        path,
                        Set.of("kind", "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"),
                        errors);
                String consumerKey = secret(v, path, "consumerKey", errors);
                String consumerSecret = secret(v, path, "consumerSecret", errors);
                String accessToken = secret(v, path, "accessToken", errors);
                String accessTokenSecret = secret(v, path, "accessTokenSecret", errors);
                return errors.size() == before
                        ? new MagentoCredentials.OAuth1(consumerKey, consumerSecret, accessToken, accessTokenSecret)
                        : null;
            }
            default -> {
                errors.add(new FieldError(path + ".kind", "must be bearer or oauth1"));
                return null;
            }
        }
    }

    private static void onlyFields(JsonNode v, String path, Set<String> allowed, List<FieldError> errors) {
        v.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(path + "." + safeName(name), "is not a field of these credentials"));
            }
        });
    }

    /** A secret's value never appears in an error message, only its field name. */
    private static String secret(JsonNode v, String path, String field, List<FieldError> errors) {
        JsonNode value = v.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            errors.add(new FieldError(path + "." + field, "is required (a non-empty string)"));
            return null;
        }
        if (value.textValue().length() > 4096) {
            errors.add(new FieldError(path + "." + field, "is longer than 4096 characters"));
            return null;
        }
        return value.textValue();
    }

    private static String text(JsonNode value, String field, int maxLength, boolean nullable, List<FieldError> errors) {
        if (value.isNull()) {
            if (!nullable) {
                errors.add(new FieldError(field, "must not be null"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (text.chars().anyMatch(ch -> Character.isISOControl(ch))) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return text;
    }

    private static Integer integer(
            JsonNode value, String field, int min, int max, boolean nullable, List<FieldError> errors) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        int n = value.intValue();
        if (n < min || n > max) {
            errors.add(new FieldError(field, "must be from " + min + " to " + max + ", was " + n));
            return null;
        }
        return n;
    }

    private static List<Integer> storeIds(JsonNode value, List<FieldError> errors) {
        if (!value.isArray()) {
            errors.add(new FieldError("storeIds", "must be an array of Magento store ids"));
            return null;
        }
        if (value.size() > MAX_STORE_IDS) {
            errors.add(new FieldError("storeIds", "must have at most " + MAX_STORE_IDS + " entries"));
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode id = value.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                errors.add(new FieldError("storeIds[" + i + "]", "must be a store id (a whole number, 0 or more)"));
            } else if (!ids.contains(id.intValue())) {
                ids.add(id.intValue());
            }
        }
        return ids;
    }

    private static DownloadMode downloadMode(JsonNode value, List<FieldError> errors) {
        if (value.isTextual()) {
            try {
                return DownloadMode.valueOf(
                        value.textValue().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        errors.add(new FieldError("downloadMode", "must be AUTO_INVOICE or WAIT_FOR_INVOICE"));
        return null;
    }

    private static Instant startDate(JsonNode value, List<FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.textValue().length() <= 40) {
            String text = value.textValue();
            try {
                Instant start = text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(text);
                if (StorableInstants.holds(start)) {
                    return start;
                }
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        errors.add(new FieldError(
                "startDate",
                "must be a date (2024-12-13) or an ISO-8601 instant (2024-12-13T00:00:00Z) in the years 1 to 9999"));
        return null;
    }

    private static List<String> emails(JsonNode value, List<FieldError> errors) {
        if (!value.isArray()) {
            errors.add(new FieldError("notificationEmails", "must be an array of e-mail addresses"));
            return null;
        }
        if (value.size() > MAX_EMAILS) {
            errors.add(new FieldError("notificationEmails", "must have at most " + MAX_EMAILS + " addresses"));
            return null;
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode e = value.get(i);
            String field = "notificationEmails[" + i + "]";
            if (e.isTextual() && e.textValue().chars().anyMatch(Character::isISOControl)) {
                // \s in EMAIL does not cover NUL and the other control characters; PostgreSQL refuses NUL.
                errors.add(new FieldError(field, "must not contain control characters"));
            } else if (!e.isTextual()
                    || e.textValue().length() > 254
                    || !EMAIL.matcher(e.textValue()).matches()) {
                errors.add(new FieldError(field, "must be an e-mail address"));
            } else if (!emails.contains(e.textValue())) {
                emails.add(e.textValue());
            }
        }
        return emails;
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute()
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Field names come from the caller: keep what is echoed back short and printable. */
    private static String safeName(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9._\\-\\[\\]]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
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

    /**
     * The configuration after this change: {@code current} with the fields of this request applied (or a
     * new one when {@code current} is null), at {@code revision}, with {@code sealedCredentials}.
     */
    public IntegrationConfigured applyTo(
            IntegrationConfigured current,
            String integrationId,
            String accountId,
            String sealedCredentials,
            long revision) {
        if (current == null) {
            return new IntegrationConfigured(
                    integrationId,
                    accountId,
                    name,
                    posName,
                    new IntegrationConfigured.MagentoConnection(baseUrl, storeCode, sealedCredentials),
                    storeIds,
                    downloadMode == null ? DownloadMode.AUTO_INVOICE : downloadMode,
                    syncIntervalSeconds == null ? 60 : syncIntervalSeconds,
                    startDate,
                    notificationEmails,
                    alertIntervalMinutes,
                    enabled == null || enabled,
                    revision);
        }
        var magento = current.magento();
        return new IntegrationConfigured(
                integrationId,
                current.accountId(),
                has("name") ? name : current.name(),
                has("posName") ? posName : current.posName(),
                new IntegrationConfigured.MagentoConnection(
                        has("magento.baseUrl") ? baseUrl : magento.baseUrl(),
                        has("magento.storeCode") ? storeCode : magento.storeCode(),
                        sealedCredentials),
                has("storeIds") ? storeIds : current.storeIds(),
                has("downloadMode") ? downloadMode : current.downloadMode(),
                has("syncIntervalSeconds") ? syncIntervalSeconds : current.syncIntervalSeconds(),
                has("startDate") ? startDate : current.startDate(),
                has("notificationEmails") ? notificationEmails : current.notificationEmails(),
                has("alertIntervalMinutes") ? alertIntervalMinutes : current.alertIntervalMinutes(),
                has("enabled") ? enabled : current.enabled(),
                revision);
    }
}
