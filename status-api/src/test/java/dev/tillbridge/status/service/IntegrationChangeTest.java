package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.MagentoCredentials;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationChangeTest {

    static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    static List<String> fieldsOf(Throwable e) {
        return ((InvalidRequestException) e)
                .errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aCreateWithDefaultsBecomesRevisionOneOfTheAccount() throws Exception {
        IntegrationChange change = IntegrationChange.forCreate(json("""
                {"name": "Shop", "magento": {"baseUrl": "https://shop.example.test",
                 "credentials": {"kind": "bearer", "accessToken": "t"}}, "startDate": "2024-12-13"}
                """));
        assertThat(change.credentials()).isEqualTo(new MagentoCredentials.Bearer("t"));
        IntegrationConfigured c = IntegrationMergePatch.created(change, "int-1", "acc-1", "v1:sealed", 1);
        assertThat(c.downloadMode()).isEqualTo(DownloadMode.AUTO_INVOICE);
        assertThat(c.syncIntervalSeconds()).isEqualTo(60);
        assertThat(c.enabled()).isTrue();
        assertThat(c.revision()).isEqualTo(1);
        assertThat(c.accountId()).isEqualTo("acc-1");
        assertThat(List.of(c.downloadMode().name(), c.syncIntervalSeconds(), c.enabled()))
                .as("the creation defaults the OpenAPI document states")
                .containsExactly(
                        IntegrationRules.DEFAULT_DOWNLOAD_MODE,
                        IntegrationRules.DEFAULT_SYNC_INTERVAL_SECONDS,
                        IntegrationRules.DEFAULT_ENABLED);
        assertThat(c.startDate()).isEqualTo(Instant.parse("2024-12-13T00:00:00Z"));
        assertThat(c.magento().storeCode()).isEqualTo("default");
        assertThat(c.magento().sealedCredentials()).isEqualTo("v1:sealed");
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNamesAndNullClearsAnOptionalOne() throws Exception {
        IntegrationConfigured before =
                IntegrationMergePatch.created(IntegrationChange.forCreate(json("""
                {"name": "Shop", "posName": "Till", "magento": {"baseUrl": "https://shop.example.test",
                 "credentials": {"kind": "bearer", "accessToken": "t"}}, "alertIntervalMinutes": 10}
                """)), "int-1", "acc-1", "v1:a", 1);
        IntegrationConfigured after =
                IntegrationMergePatch.patched(before, IntegrationChange.forUpdate(json("""
                {"downloadMode": "wait-for-invoice", "alertIntervalMinutes": null, "storeIds": [3, 3, 4]}
                """)), "v1:a");
        assertThat(after.downloadMode()).isEqualTo(DownloadMode.WAIT_FOR_INVOICE);
        assertThat(after.alertIntervalMinutes()).isNull();
        assertThat(after.storeIds()).containsExactly(3, 4);
        assertThat(after.posName()).isEqualTo("Till");
        assertThat(after.revision()).isEqualTo(2);
    }

    @Test
    void everyRefusedFieldIsNamedAndSecretsAreNotEchoed() {
        assertThatThrownBy(() -> IntegrationChange.forUpdate(json("""
                {"syncIntervalSeconds": 5, "downloadMode": "X", "accountId": "other", "bogus": 1,
                 "magento": {"credentials": {"kind": "oauth1", "consumerKey": "k", "consumerSecret": " ",
                 "accessToken": "secret-token"}}}
                """)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(fieldsOf(e))
                        .containsExactly(
                                "syncIntervalSeconds",
                                "downloadMode",
                                "accountId",
                                "bogus",
                                "magento.credentials.consumerSecret",
                                "magento.credentials.accessTokenSecret"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
    }

    @Test
    void anEmptyPatchOrANonObjectIsRefused() {
        assertThatThrownBy(() -> IntegrationChange.forUpdate(json("{}")))
                .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("body"));
        assertThatThrownBy(() -> IntegrationChange.forUpdate(json("[1]")))
                .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("body"));
    }

    @Test
    void anAddressWithALineBreakIsNotAnAddress() {
        assertThatThrownBy(() -> IntegrationChange.forUpdate(
                        json("{\"notificationEmails\": [\"a@example.test\\r\\nBcc: b@example.test\"]}")))
                .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("notificationEmails[0]"));
    }

    @Test
    void anAddressWithANulOrAnotherControlCharacterIsAFieldError() {
        for (String address :
                new String[] {"a\\u0000b@example.test", "a@example.test\\u0000", "a\\u007f@example.test"}) {
            assertThatThrownBy(() -> IntegrationChange.forUpdate(
                            json("{\"notificationEmails\": [\"ok@example.test\", \"" + address + "\"]}")))
                    .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("notificationEmails[1]"));
        }
    }

    @Test
    void aStartDateTheDatabaseCannotHoldIsAFieldError() {
        for (String start :
                new String[] {"+1000000000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-4714-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> IntegrationChange.forUpdate(json("{\"startDate\": \"" + start + "\"}")))
                    .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("startDate"));
        }
    }
}
