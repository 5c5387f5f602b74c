package dev.tillbridge.status.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.magento.MagentoCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an integration's settings may be, and what a new integration gets for a setting its create request leaves
 * out. The OpenAPI document states these limits and defaults from here ({@code rest/IntegrationRequestSchema}), so
 * the API docs and the rules cannot drift apart. Each reader takes one field's JSON value and refuses it through the
 * {@link FieldReader}, naming the field.
 */
public final class IntegrationRules {

    /** A new integration's {@code syncIntervalSeconds} when its create request leaves it out. */
    public static final int DEFAULT_SYNC_INTERVAL_SECONDS = 60;
    /** A new integration's {@code downloadMode} when its create request leaves it out (a {@link DownloadMode}). */
    public static final String DEFAULT_DOWNLOAD_MODE = "AUTO_INVOICE";
    /** A new integration's {@code enabled} when its create request leaves it out. */
    public static final boolean DEFAULT_ENABLED = true;
    /** A new integration's {@code magento.storeCode} when its create request leaves it out (Magento's default store). */
    public static final String DEFAULT_STORE_CODE = "default";

    public static final int MIN_SYNC_INTERVAL_SECONDS = 10;
    public static final int MAX_SYNC_INTERVAL_SECONDS = 86_400;
    public static final int MIN_ALERT_INTERVAL_MINUTES = 1;
    public static final int MAX_ALERT_INTERVAL_MINUTES = 1440;
    public static final int MAX_EMAILS = 20;
    public static final int MAX_STORE_IDS = 500;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_POS_NAME_LENGTH = 100;
    public static final int MAX_BASE_URL_LENGTH = 2048;

    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_STORE_CODE_LENGTH = 32;
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern STORE_CODE = Pattern.compile("[a-z0-9_]{1,32}");
    // Deliberately plain: no whitespace (so no header injection), one @, a dot in the domain.
    private static final Pattern EMAIL =
            Pattern.compile("[^\\s@,;:<>()\\[\\]\"\\\\]+@[^\\s@,;:<>()\\[\\]\"\\\\]+\\.[^\\s@,;:<>()\\[\\]\"\\\\]+");
    private static final Set<String> BEARER_FIELDS = Set.of("kind", "accessToken");
    private static final Set<String> OAUTH1_FIELDS =
            Set.of("kind", "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret");

    private IntegrationRules() {}

    static DownloadMode defaultDownloadMode() {
        return DownloadMode.valueOf(DEFAULT_DOWNLOAD_MODE);
    }

    /** An integration or account id: 1-64 letters, digits, '.', '_' or '-'. */
    static String id(FieldReader reader, JsonNode value, String field) {
        String id = reader.text(value, field, MAX_ID_LENGTH, false);
        if (id != null && !ID.matcher(id).matches()) {
            reader.refuse(field, "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /** Magento's address: an absolute http or https URL without query, fragment or user info. */
    static String baseUrl(FieldReader reader, JsonNode value, String field) {
        String url = reader.text(value, field, MAX_BASE_URL_LENGTH, false);
        if (url != null && !httpUrl(url)) {
            reader.refuse(field, "must be an absolute http or https URL");
        }
        return url;
    }

    static String storeCode(FieldReader reader, JsonNode value, String field) {
        String code = reader.text(value, field, MAX_STORE_CODE_LENGTH, true);
        if (code != null && !STORE_CODE.matcher(code).matches()) {
            reader.refuse(field, "must be a Magento store code: a-z, 0-9 and _");
        }
        return code;
    }

    /** {@code {kind: bearer, accessToken}} or {@code {kind: oauth1, consumerKey, consumerSecret, accessToken, accessTokenSecret}}. */
    static MagentoCredentials credentials(FieldReader reader, JsonNode value, String path) {
        if (!value.isObject()) {
            reader.refuse(
                    path,
                    "must be an object: {kind: bearer, accessToken} or {kind: oauth1, "
                            + "consumerKey, consumerSecret, accessToken, accessTokenSecret}");
            return null;
        }
        JsonNode kind = value.get("kind");
        if (kind == null || !kind.isTextual()) {
            reader.refuse(path + ".kind", "is required: bearer or oauth1");
            return null;
        }
        int before = reader.refusals();
        switch (kind.textValue()) {
            case "bearer" -> {
                reader.onlyFields(value, path, BEARER_FIELDS, "is not a field of these credentials");
                String token = reader.secret(value, path, "accessToken");
                return reader.refusals() == before ? new MagentoCredentials.Bearer(token) : null;
            }
            case "oauth1" -> {
                reader.onlyFields(value, path, OAUTH1_FIELDS, "is not a field of these credentials");
                String consumerKey = reader.secret(value, path, "consumerKey");
                String consumerSecret = reader.secret(value, path, "consumerSecret");
                String accessToken = reader.secret(value, path, "accessToken");
                String accessTokenSecret = reader.secret(value, path, "accessTokenSecret");
                return reader.refusals() == before
                        ? new MagentoCredentials.OAuth1(consumerKey, consumerSecret, accessToken, accessTokenSecret)
                        : null;
            }
            default -> {
                reader.refuse(path + ".kind", "must be bearer or oauth1");
                return null;
            }
        }
    }

    /** Magento store ids (0 or more), at most {@link #MAX_STORE_IDS}, repeats dropped. */
    static List<Integer> storeIds(FieldReader reader, JsonNode value, String field) {
        if (!value.isArray()) {
            reader.refuse(field, "must be an array of Magento store ids");
            return null;
        }
        if (value.size() > MAX_STORE_IDS) {
            reader.refuse(field, "must have at most " + MAX_STORE_IDS + " entries");
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode id = value.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                reader.refuse(field + "[" + i + "]", "must be a store id (a whole number, 0 or more)");
            } else if (!ids.contains(id.intValue())) {
                ids.add(id.intValue());
            }
        }
        return ids;
    }

    /** {@code AUTO_INVOICE} or {@code WAIT_FOR_INVOICE}, any case, '-' for '_'. */
    static DownloadMode downloadMode(FieldReader reader, JsonNode value, String field) {
        if (value.isTextual()) {
            try {
                return DownloadMode.valueOf(
                        value.textValue().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                // falls through to the refusal below
            }
        }
        reader.refuse(field, "must be AUTO_INVOICE or WAIT_FOR_INVOICE");
        return null;
    }

    /** E-mail addresses (at most {@link #MAX_EMAILS}, repeats dropped), each refused by its index. */
    static List<String> emails(FieldReader reader, JsonNode value, String field) {
        if (!value.isArray()) {
            reader.refuse(field, "must be an array of e-mail addresses");
            return null;
        }
        if (value.size() > MAX_EMAILS) {
            reader.refuse(field, "must have at most " + MAX_EMAILS + " addresses");
            return null;
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode e = value.get(i);
            String item = field + "[" + i + "]";
            if (e.isTextual() && e.textValue().chars().anyMatch(Character::isISOControl)) {
                // \s in EMAIL does not cover NUL and the other control characters; PostgreSQL refuses NUL.
                reader.refuse(item, "must not contain control characters");
            } else if (!e.isTextual()
                    || e.textValue().length() > MAX_EMAIL_LENGTH
                    || !EMAIL.matcher(e.textValue()).matches()) {
                reader.refuse(item, "must be an e-mail address");
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
}
