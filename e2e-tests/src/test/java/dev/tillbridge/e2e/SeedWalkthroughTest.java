package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.SmtpInbox;
import dev.tillbridge.infra.TestIntegration;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The help page "Checking the Sync Cycle" walked through against the whole system: order-poller, invoice-filter,
 * product-pusher, notifier and status-api as {@code java -jar} processes, the real broker and PostgreSQL, a real
 * SMTP server and the Magento simulator. Every integration is created through status-api's REST API with an
 * account's token, as a front end would; every check reads what the account would see: the status document, the
 * Logs API, its mailbox, and the orders its POS received from {@code filtered-orders}.
 *
 * <p>Each test is one paragraph of the page with its own account, store and integration, against the same running
 * services.
 */
class SeedWalkthroughTest {

    private static final String TOKEN = "walkthrough-token";
    /** The repeat interval of unresolved alerts (the page says ten minutes; shortened so the test sees two). */
    private static final Duration ALERT_INTERVAL = Duration.ofSeconds(20);

    private static final int CATALOG = 300;

    private static E2eInfrastructure infra;

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    private static SmtpInbox inbox;
    private static KafkaTestClient kafka;
    private static PosConnector pos;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static StatusApiClient api;
    /** Integrations created by this run (id → the owner's token), deleted at the end. */
    private static final Map<String, String> created = new ConcurrentHashMap<>();

    /** An account of the walkthrough: its id, its token for status-api and the address its alerts go to. */
    private record Account(String id, String token, String email) {}

    @BeforeAll
    static void startTheWholeSystem() {
        infra = new E2eInfrastructure();
        inbox = SmtpInbox.start();

        Map<String, String> poller = infra.pollerSettings();
        // After a failed cycle the poller waits the sync interval, doubling; capped here so a fixed store is seen soon.
        poller.put("tillbridge.poller.max-backoff", "5s");
        Map<String, String> filter = infra.filterSettings();
        filter.put("tillbridge.filter.mismatch.check-interval", "2s");
        Map<String, String> statusApi = infra.statusApiSettings();
        // The auth outage below outlasts three sync intervals; SYNC_STALLED is a story of its own (AlertsTest).
        statusApi.put("tillbridge.status.alerts.no-success-after-intervals", "30");
        ServiceProcess status = new ServiceProcess("status-api", statusApi);
        services.addAll(List.of(
                status,
                new ServiceProcess("order-poller", poller),
                new ServiceProcess("invoice-filter", filter),
                new ServiceProcess("product-pusher", infra.pusherSettings()),
                new ServiceProcess("notifier", infra.notifierSettings(inbox.port(), ALERT_INTERVAL))));
        ServiceProcess.startTogether(services.toArray(ServiceProcess[]::new));
        api = new StatusApiClient(status.baseUrl(), infra.demoTokens());
        kafka = new KafkaTestClient(infra.bootstrapServers);
        pos = new PosConnector(infra.bootstrapServers, "walkthrough-pos-e2e-" + infra.runId);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : List.<AutoCloseable>of(
                SeedWalkthroughTest::deleteIntegrations,
                () -> ServiceProcess.stopTogether(services),
                () -> {
                    if (pos != null) pos.close();
                },
                () -> {
                    if (kafka != null) kafka.close();
                },
                () -> {
                    if (inbox != null) inbox.close();
                })) {
            try {
                c.close();
            } catch (Exception e) {
                // Every step still runs: one that fails must not leave processes or servers behind.
                System.getLogger(SeedWalkthroughTest.class.getName())
                        .log(System.Logger.Level.WARNING, "A tear-down step failed; the others go on", e);
            }
        }
    }

    // ---- "Checking Product Update Status" -------------------------------------------------------------------

    @Test
    void aPosCatalogRunShowsAsUpdatingProductNOfMThenAsTheLastProductUpdateSentToMagento() throws Exception {
        SimulatedStore store = newStore("catalog");
        store.seedProducts(CATALOG, "WALK-");
        // Two PHP workers, 40 ms a save: at most ~50 products a second, so the run lasts long enough to watch.
        store.capacity(CapacitySettings.workers(2, Duration.ofMillis(40)));
        Account account = newAccount("catalog");
        String integrationId = createIntegration(account, "Catalog store", store, "AUTO_INVOICE", 60);
        await("product-pusher knows the integration")
                .atMost(Duration.ofSeconds(60))
                .until(() -> directoryKnows("product_pusher", integrationId));

        String runId = "pos-run-" + UUID.randomUUID().toString().substring(0, 8);
        for (int position = 1; position <= CATALOG; position++) {
            ProductUpdate update = new ProductUpdate(
                    integrationId,
                    runId,
                    position,
                    CATALOG,
                    "WALK-" + position,
                    "Walkthrough product " + position,
                    price(position),
                    null,
                    BigDecimal.valueOf(position % 7),
                    true,
                    ProductUpdate.ProductStatus.ENABLED,
                    null,
                    Map.of());
            kafka.sendEvent(
                    Topics.PRODUCT_UPDATES,
                    Topics.productKey(integrationId, update.sku()),
                    EventEnvelope.of(account.id(), integrationId, update, Clock.systemUTC()));
        }

        // What the status bar said, each time the page would have refreshed.
        List<JsonNode> seen = new ArrayList<>();
        await("the run completes")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(150))
                .until(() -> {
                    JsonNode run = api.status(integrationId, account.token()).path("productRun");
                    if (!run.isMissingNode()
                            && !run.isNull()
                            && runId.equals(run.path("runId").asText())) {
                        seen.add(run);
                    }
                    return !seen.isEmpty()
                            && "COMPLETED"
                                    .equals(seen.get(seen.size() - 1)
                                            .path("state")
                                            .asText());
                });

        Pattern updating = Pattern.compile("Updating Product (\\d+) of (\\d+)");
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode run : seen) {
            if ("RUNNING".equals(run.path("state").asText())) {
                Matcher m = updating.matcher(run.path("label").asText());
                assertThat(m.matches())
                        .as("label while running: %s", run.path("label").asText())
                        .isTrue();
                assertThat(Integer.parseInt(m.group(2))).isEqualTo(CATALOG);
                numbers.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(numbers)
                .as("'Updating Product N of %d' seen while Magento was still working", CATALOG)
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).isBetween(1, CATALOG));
        assertThat(numbers).as("progress never loops back").isSorted();
        assertThat(numbers.get(0)).as("first progress seen before the end").isLessThan(CATALOG);

        JsonNode status = api.status(integrationId, account.token());
        JsonNode run = status.path("productRun");
        assertThat(run.path("sent").asInt()).isEqualTo(CATALOG);
        assertThat(run.path("failed").asInt()).isZero();
        assertThat(run.path("label").asText())
                .isEqualTo("Product update completed: " + CATALOG + " of " + CATALOG + " sent");
        assertThat(run.path("restarts").asInt()).isZero();
        JsonNode magento = status.path("magento");
        assertThat(magento.path("lastProductSentAt").asText())
                .as("last product update sent to Magento")
                .isNotEmpty();
        assertThat(magento.path("lastProductSku").asText()).startsWith("WALK-");
        assertThat(Instant.parse(magento.path("lastProductSentAt").asText()))
                .isAfter(Instant.now().minusSeconds(300));

        // And Magento has every product with the POS's values.
        for (int position : List.of(1, CATALOG / 2, CATALOG)) {
            assertThat(store.productSaveCount("WALK-" + position))
                    .as("WALK-%d saved", position)
                    .isGreaterThanOrEqualTo(1);
            JsonNode saved = store.product("WALK-" + position).orElseThrow();
            assertThat(new BigDecimal(saved.path("price").asText())).isEqualByComparingTo(price(position));
        }
    }

    // ---- "Checking Order Download Mode": Auto-Invoice ----------------------------------------------------------

    @Test
    void autoInvoiceDownloadsNewOrdersOnceAndInvoicesThemButSkipsOrdersInvoicedByAnotherExtensionWithAdvice() {
        SimulatedStore store = newStore("auto");
        List<Integer> fresh = createOrders(store, 3, NewOrder.inState("new"));
        // "Orders being automatically invoiced by another extension in Magento": invoiced before any sync.
        List<Integer> invoicedElsewhere =
                createOrders(store, 5, NewOrder.inState("processing").withInvoiced(true));
        Account account = newAccount("auto");
        String integrationId = createIntegration(account, "Auto-Invoice store", store, "AUTO_INVOICE", 10);

        await("new orders reach the POS")
                .atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(pos.releaseCounts(integrationId).keySet())
                        .containsExactlyInAnyOrderElementsOf(ids(fresh)));
        await("Tillbridge invoiced them in Magento")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    for (int id : fresh) {
                        Order order = store.order(id).orElseThrow();
                        assertThat(order.totals().baseTotalInvoiced())
                                .as("order %d invoiced", id)
                                .isNotNull()
                                .isEqualByComparingTo(order.totals().baseGrandTotal());
                    }
                });

        await("the skips show with the reason and the advice")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    JsonNode status = api.status(integrationId, account.token());
                    JsonNode reason =
                            byField(status.path("orders").path("skippedByReason"), "reason", "ALREADY_INVOICED");
                    assertThat(reason)
                            .as("ALREADY_INVOICED in %s", status.path("orders"))
                            .isNotNull();
                    assertThat(reason.path("today").asLong()).isEqualTo(5);
                    assertThat(reason.path("finalDecision").asBoolean()).isTrue();
                    assertThat(reason.path("advice").asText())
                            .contains("another extension")
                            .contains("Wait-For-Invoice");
                    assertThat(status.path("orders")
                                    .path("downloaded")
                                    .path("today")
                                    .asLong())
                            .isEqualTo(3);
                    assertThat(status.path("magento")
                                    .path("lastOrderDownloadedAt")
                                    .asText())
                            .isNotEmpty();
                });
        JsonNode skipped = api.skipped(integrationId, account.token(), "ALREADY_INVOICED");
        assertThat(entityIds(skipped)).containsExactlyInAnyOrderElementsOf(ids(invoicedElsewhere));
        skipped.forEach(order ->
                assertThat(order.path("advice").asText()).contains("switch the integration to Wait-For-Invoice"));

        await("five such skips raise the download mode mismatch alert")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    JsonNode alert = byField(
                            api.status(integrationId, account.token()).path("alerts"),
                            "code",
                            "DOWNLOAD_MODE_MISMATCH");
                    assertThat(alert).isNotNull();
                    assertThat(alert.path("state").asText()).isEqualTo("RAISED");
                    assertThat(alert.path("message").asText()).contains("already invoiced");
                    assertThat(alert.path("advice").asText()).contains("Wait-For-Invoice");
                });

        // Orders keep coming and changing: a new one downloads, a changed one that already downloaded does not again,
        // nor do the ones whose updated_at our own invoice moved.
        Instant changedAt = Instant.now();
        store.touchOrder(fresh.get(0));
        int later = store.createOrder(NewOrder.inState("new")).entityId();
        await("the later order reaches the POS")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(pos.releaseCounts(integrationId)).containsKey((long) later));
        await("a cycle after the change has ended")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    JsonNode cycle = api.status(integrationId, account.token()).path("syncCycle");
                    assertThat(Instant.parse(cycle.path("startedAt").asText())).isAfter(changedAt);
                    assertThat(cycle.path("outcome").asText()).isEqualTo("SUCCEEDED");
                });
        await("Tillbridge invoiced the later order too")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    Order order = store.order(later).orElseThrow();
                    assertThat(order.totals().baseTotalInvoiced())
                            .isNotNull()
                            .isEqualByComparingTo(order.totals().baseGrandTotal());
                });
        await("each order reached the POS exactly once")
                .during(Duration.ofSeconds(4))
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> {
                    Map<Long, Long> counts = pos.releaseCounts(integrationId);
                    assertThat(counts.keySet())
                            .containsExactlyInAnyOrderElementsOf(
                                    ids(List.of(fresh.get(0), fresh.get(1), fresh.get(2), later)));
                    assertThat(counts.values()).containsOnly(1L);
                });
    }

    // ---- "Checking Order Download Mode": Wait-For-Invoice ------------------------------------------------------

    @Test
    void waitForInvoiceDownloadsInvoicedOrdersAndShowsNeverInvoicedOnesAsAwaitingInvoiceUntilTheyAre() {
        SimulatedStore store = newStore("wait");
        List<Integer> invoiced =
                createOrders(store, 3, NewOrder.inState("processing").withInvoiced(true));
        List<Integer> notInvoiced = createOrders(store, 2, NewOrder.inState("new"));
        Account account = newAccount("wait");
        String integrationId = createIntegration(account, "Wait-For-Invoice store", store, "WAIT_FOR_INVOICE", 10);

        await("invoiced orders reach the POS")
                .atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(pos.releaseCounts(integrationId).keySet())
                        .containsExactlyInAnyOrderElementsOf(ids(invoiced)));
        await("the others show as awaiting their invoice, with advice")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    JsonNode status = api.status(integrationId, account.token());
                    JsonNode reason =
                            byField(status.path("orders").path("skippedByReason"), "reason", "AWAITING_INVOICE");
                    assertThat(reason)
                            .as("AWAITING_INVOICE in %s", status.path("orders"))
                            .isNotNull();
                    assertThat(reason.path("today").asLong()).isEqualTo(2);
                    assertThat(reason.path("finalDecision").asBoolean()).isFalse();
                    assertThat(reason.path("advice").asText())
                            .contains("never invoiced")
                            .contains("Auto-Invoice");
                    assertThat(entityIds(api.skipped(integrationId, account.token(), "AWAITING_INVOICE")))
                            .containsExactlyInAnyOrderElementsOf(ids(notInvoiced));
                });
        assertThat(store.order(notInvoiced.get(0)).orElseThrow().totals().baseTotalInvoiced())
                .as("Wait-For-Invoice never invoices")
                .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).isEqualByComparingTo(BigDecimal.ZERO));

        // The merchant invoices one in Magento: it downloads on a following cycle and leaves the skipped list.
        store.invoiceOrder(notInvoiced.get(0));
        await("the order invoiced later reaches the POS")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(pos.releaseCounts(integrationId)).containsKey((long) notInvoiced.get(0)));
        await("it is no longer listed as skipped")
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(
                        () -> assertThat(entityIds(api.skipped(integrationId, account.token(), "AWAITING_INVOICE")))
                                .containsExactly((long) notInvoiced.get(1)));
        Map<Long, Long> counts = pos.releaseCounts(integrationId);
        assertThat(counts.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        ids(List.of(invoiced.get(0), invoiced.get(1), invoiced.get(2), notInvoiced.get(0))));
        assertThat(counts.values()).containsOnly(1L);
    }

    // ---- "Checking Magento Notifications" and "Checking the Sync Cycle" ----------------------------------------

    @Test
    void magentoRefusingTheTokenIsLoggedAlertedAndMailedEveryIntervalUntilFixedThenResolvedAndTheSyncRecovers() {
        SimulatedStore store = newStore("auth");
        createOrders(store, 2, NewOrder.inState("processing").withInvoiced(true));
        Account account = newAccount("auth");
        String name = "Auth store " + infra.runId;
        String integrationId = createIntegration(account, name, store, "WAIT_FOR_INVOICE", 10);
        Instant lastGoodSync = await("a first good sync")
                .atMost(Duration.ofSeconds(90))
                .until(() -> lastSuccessfulSync(integrationId, account), at -> at != null);

        // Magento breaks: the integration's access token is revoked, every call answers 401.
        store.revokeCredentials();
        Instant brokenAt = Instant.now();

        JsonNode error = await("an Error line on the Logs page, in Magento's words")
                .atMost(Duration.ofSeconds(60))
                .until(() -> first(api.logs(integrationId, account.token(), "MAGENTO", "ERROR")), line -> line != null);
        assertThat(error.path("message").asText()).contains("isn't authorized").doesNotContain("%resources");
        await("the alert on the Status page, with what to do")
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> {
                    JsonNode status = api.status(integrationId, account.token());
                    JsonNode alert = byField(status.path("alerts"), "code", "MAGENTO_AUTH_FAILED");
                    assertThat(alert).as("alerts: %s", status.path("alerts")).isNotNull();
                    assertThat(alert.path("advice").asText()).contains("access token");
                    assertThat(status.path("syncCycle").path("outcome").asText())
                            .isEqualTo("FAILED");
                    assertThat(status.path("syncCycle").path("errorMessage").asText())
                            .contains("isn't authorized");
                });

        String alertSubject = "[Tillbridge] Alert: Magento auth failed on " + name;
        List<SmtpInbox.Mail> alertMails = await("an e-mail at once, and again one interval later")
                .atMost(ALERT_INTERVAL.plusSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> mails(account, alertSubject), m -> m.size() >= 2);
        SmtpInbox.Mail firstMail = alertMails.get(0);
        assertThat(Duration.between(brokenAt, firstMail.sentAt()))
                .as("the first mail goes out at once")
                .isLessThan(Duration.ofSeconds(40));
        assertThat(Duration.between(firstMail.sentAt(), alertMails.get(1).sentAt()))
                .as("the repeat waits the alert interval (Date headers have whole seconds)")
                .isGreaterThanOrEqualTo(ALERT_INTERVAL.minusSeconds(1));
        assertThat(firstMail.text())
                .contains("MAGENTO_AUTH_FAILED")
                .contains("isn't authorized")
                .contains("access token");

        // Fixed: the merchant gives the integration a working token again.
        store.credentials(Credentials.bearer(TOKEN));
        Instant fixedAt = Instant.now();
        String resolvedSubject = "[Tillbridge] Resolved: Magento auth failed on " + name;
        SmtpInbox.Mail resolved = await("a resolved mail")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> mails(account, resolvedSubject), m -> !m.isEmpty())
                .get(0);
        List<SmtpInbox.Mail> alertsBeforeResolved = mails(account, alertSubject);
        long allowed =
                Duration.between(firstMail.sentAt(), resolved.sentAt()).toSeconds() / ALERT_INTERVAL.toSeconds() + 1;
        assertThat(alertsBeforeResolved)
                .as("never more than one alert mail per interval")
                .hasSizeLessThanOrEqualTo((int) allowed);
        assertThat(inbox.mailsTo(account.email()))
                .as("nothing but the alert and resolved mails")
                .allSatisfy(m -> assertThat(m.subject()).isIn(alertSubject, resolvedSubject));

        await("the sync recovers: a new last-sync time, the alert gone")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    JsonNode status = api.status(integrationId, account.token());
                    JsonNode cycle = status.path("syncCycle");
                    assertThat(cycle.path("outcome").asText()).isEqualTo("SUCCEEDED");
                    assertThat(Instant.parse(cycle.path("lastSuccessfulAt").asText()))
                            .isAfter(lastGoodSync)
                            .isAfter(brokenAt);
                    assertThat(byField(status.path("alerts"), "code", "MAGENTO_AUTH_FAILED"))
                            .isNull();
                });
        int mailed = inbox.mailsTo(account.email()).size();
        await("every e-mail is a Notification line on the Logs page, under Magento")
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> {
                    JsonNode lines = api.logs(integrationId, account.token(), "MAGENTO", "NOTIFICATION");
                    assertThat(lines).hasSize(mailed);
                    assertThat(lines.get(0).path("message").asText())
                            .startsWith("Resolved notice sent to " + account.email())
                            .endsWith(resolvedSubject);
                    assertThat(lines)
                            .allSatisfy(l ->
                                    assertThat(l.path("reference").asText()).isEqualTo("MAGENTO_AUTH_FAILED"));
                });
        assertThat(resolved.sentAt()).as("resolved only once fixed").isAfterOrEqualTo(fixedAt.minusSeconds(1));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /**
     * The broker outlives this run: its integrations are deleted (disabled, then a tombstone on the compacted
     * topic) so later runs' services do not keep polling stores that are gone.
     */
    private static void deleteIntegrations() {
        created.forEach((integrationId, token) -> {
            StatusApiClient.Answer answer = api.delete("/api/v1/integrations/" + integrationId, token);
            if (answer.status() != 204) {
                System.err.println("Could not delete " + integrationId + ": " + answer.status() + " " + answer.text());
            }
        });
    }

    private static SimulatedStore newStore(String label) {
        return magento.createStore(StoreSpec.tenant(label + "-" + infra.runId).withBearerToken(TOKEN));
    }

    private static Account newAccount(String label) {
        String id = infra.accountPrefix() + label;
        return new Account(id, api.tokenFor(id), label + "-" + infra.runId + "@merchant.test");
    }

    /** POST /api/v1/integrations as the account, the way the settings page creates one. */
    private static String createIntegration(
            Account account, String name, SimulatedStore store, String mode, int syncIntervalSeconds) {
        String body = TestIntegration.of(null, null)
                .name(name)
                .posName("Walkthrough POS")
                .baseUrl(store.magentoBaseUrl())
                .accessToken(TOKEN)
                .storeIds()
                .downloadMode(DownloadMode.valueOf(mode))
                .syncIntervalSeconds(syncIntervalSeconds)
                .notificationEmails(List.of(account.email()))
                .createBody();
        StatusApiClient.Answer created = api.post("/api/v1/integrations", account.token(), body);
        assertThat(created.status()).as("create: %s", created.text()).isEqualTo(201);
        assertThat(created.text()).as("the access token is write-only").doesNotContain(TOKEN);
        assertThat(created.body().path("magento").path("credentialsSet").asBoolean())
                .isTrue();
        assertThat(created.body().path("accountId").asText()).isEqualTo(account.id());
        String integrationId = created.body().path("integrationId").asText();
        SeedWalkthroughTest.created.put(integrationId, account.token());
        return integrationId;
    }

    private static List<Integer> createOrders(SimulatedStore store, int count, NewOrder order) {
        return IntStream.range(0, count)
                .mapToObj(i -> store.createOrder(order).entityId())
                .toList();
    }

    private static Set<Long> ids(List<Integer> entityIds) {
        return entityIds.stream().map(Integer::longValue).collect(Collectors.toSet());
    }

    private static List<Long> entityIds(JsonNode skippedOrders) {
        return StreamSupport.stream(skippedOrders.spliterator(), false)
                .map(o -> o.path("entityId").asLong())
                .toList();
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode array) {
        return array.isArray() && !array.isEmpty() ? array.get(0) : null;
    }

    private static Instant lastSuccessfulSync(String integrationId, Account account) {
        JsonNode at =
                api.status(integrationId, account.token()).path("syncCycle").path("lastSuccessfulAt");
        return at.isTextual() ? Instant.parse(at.asText()) : null;
    }

    private static List<SmtpInbox.Mail> mails(Account account, String subject) {
        return inbox.mailsTo(account.email()).stream()
                .filter(m -> subject.equals(m.subject()))
                .toList();
    }

    private static BigDecimal price(int position) {
        return BigDecimal.valueOf(1000 + position, 2);
    }

    /** Whether a service's copy of the integrations (its schema's {@code integration_directory}) has this one. */
    private static boolean directoryKnows(String schema, String integrationId) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        infra.postgres.jdbcUrl(infra.database), infra.postgres.username(), infra.postgres.password());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT enabled FROM " + schema + ".integration_directory WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
