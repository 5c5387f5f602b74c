package dev.tillbridge.infra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import java.time.Instant;
import java.util.List;

/**
 * One integration of a test, with every value the test is not about filled in. The same integration is either the
 * configuration the services read from the {@code integrations} topic ({@link #configured()}) or the body of a create
 * request to status-api ({@link #createBody()}); a test sets only what it is about:
 *
 * <pre>{@code
 * TestIntegration.of(id, account).syncIntervalSeconds(300).configured();
 * TestIntegration.of(id, null).downloadMode(DownloadMode.WAIT_FOR_INVOICE).accessToken(secret).createBody();
 * }</pre>
 */
public final class TestIntegration {

    /** Where the alerts of a test integration are mailed, unless the test sets other addresses. */
    public static final String NOTIFICATION_ADDRESS = "ops@example.test";

    private final String integrationId;
    private String accountId;
    private String name;
    private String posName = "Demo POS";
    private String baseUrl = "http://127.0.0.1:1/m";
    private String storeCode = "default";
    private String sealedCredentials = "v1:x";
    private String accessToken = "secret";
    private List<Integer> storeIds = List.of(1);
    private DownloadMode downloadMode = DownloadMode.AUTO_INVOICE;
    private int syncIntervalSeconds = 60;
    private Instant startDate;
    private List<String> notificationEmails = List.of(NOTIFICATION_ADDRESS);
    private Integer alertIntervalMinutes;
    private boolean enabled = true;
    private long revision = 1;

    private TestIntegration(String integrationId, String accountId) {
        this.integrationId = integrationId;
        this.accountId = accountId;
        this.name = "Store " + integrationId;
    }

    /**
     * @param integrationId null leaves it out of {@link #createBody()} (status-api generates one)
     * @param accountId required by {@link #configured()}; left out of {@link #createBody()} when null (the
     *     caller's token names the account)
     */
    public static TestIntegration of(String integrationId, String accountId) {
        return new TestIntegration(integrationId, accountId);
    }

    public TestIntegration accountId(String accountId) {
        this.accountId = accountId;
        return this;
    }

    public TestIntegration name(String name) {
        this.name = name;
        return this;
    }

    public TestIntegration posName(String posName) {
        this.posName = posName;
        return this;
    }

    public TestIntegration baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    public TestIntegration storeCode(String storeCode) {
        this.storeCode = storeCode;
        return this;
    }

    /** The credentials as {@link #configured()} carries them: sealed (tests that never open them keep "v1:x"). */
    public TestIntegration sealedCredentials(String sealedCredentials) {
        this.sealedCredentials = sealedCredentials;
        return this;
    }

    /** The Bearer access token {@link #createBody()} sends; status-api seals it. */
    public TestIntegration accessToken(String accessToken) {
        this.accessToken = accessToken;
        return this;
    }

    public TestIntegration storeIds(Integer... storeIds) {
        return storeIds(List.of(storeIds));
    }

    public TestIntegration storeIds(List<Integer> storeIds) {
        this.storeIds = storeIds == null ? List.of() : List.copyOf(storeIds);
        return this;
    }

    public TestIntegration downloadMode(DownloadMode downloadMode) {
        this.downloadMode = downloadMode;
        return this;
    }

    public TestIntegration syncIntervalSeconds(int syncIntervalSeconds) {
        this.syncIntervalSeconds = syncIntervalSeconds;
        return this;
    }

    public TestIntegration startDate(Instant startDate) {
        this.startDate = startDate;
        return this;
    }

    public TestIntegration notificationEmails(List<String> notificationEmails) {
        this.notificationEmails = notificationEmails;
        return this;
    }

    public TestIntegration alertIntervalMinutes(Integer alertIntervalMinutes) {
        this.alertIntervalMinutes = alertIntervalMinutes;
        return this;
    }

    public TestIntegration enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public TestIntegration revision(long revision) {
        this.revision = revision;
        return this;
    }

    /** The configuration as the control plane publishes it on {@code integrations}. */
    public IntegrationConfigured configured() {
        return IntegrationConfigured.builder(integrationId, accountId)
                .name(name)
                .posName(posName)
                .magento(baseUrl, storeCode, sealedCredentials)
                .storeIds(storeIds)
                .downloadMode(downloadMode)
                .syncIntervalSeconds(syncIntervalSeconds)
                .startDate(startDate)
                .notificationEmails(notificationEmails)
                .alertIntervalMinutes(alertIntervalMinutes)
                .enabled(enabled)
                .revision(revision)
                .build();
    }

    /** The body of {@code POST /api/v1/integrations}, with a Bearer access token; null values are left out. */
    public String createBody() {
        ObjectNode body = EventJson.mapper().createObjectNode();
        putIfSet(body, "integrationId", integrationId);
        putIfSet(body, "accountId", accountId);
        putIfSet(body, "name", name);
        putIfSet(body, "posName", posName);
        ObjectNode magento = body.putObject("magento");
        magento.put("baseUrl", baseUrl);
        putIfSet(magento, "storeCode", storeCode);
        magento.putObject("credentials").put("kind", "bearer").put("accessToken", accessToken);
        storeIds.forEach(body.putArray("storeIds")::add);
        body.put("downloadMode", downloadMode.name());
        body.put("syncIntervalSeconds", syncIntervalSeconds);
        putIfSet(body, "startDate", startDate == null ? null : startDate.toString());
        notificationEmails.forEach(body.putArray("notificationEmails")::add);
        if (alertIntervalMinutes != null) {
            body.put("alertIntervalMinutes", alertIntervalMinutes);
        }
        if (!enabled) {
            body.put("enabled", false);
        }
        return body.toString();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
