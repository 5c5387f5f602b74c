package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.OrderSeed;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared Magento client against the simulator: auth, paging, invoicing, and every failure made readable. */
class MagentoClientTest {

    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static MagentoSimulator simulator;
    private SimulatedStore store;

    /** Quick retries; timeouts far above any answer of the local simulator, even on a loaded machine. */
    private static final MagentoClientSettings FAST = settings(Duration.ofSeconds(30));
    /** For the one test about a store that does not answer in time: it answers far later than this. */
    private static final MagentoClientSettings IMPATIENT = settings(Duration.ofSeconds(2));

    private static MagentoClientSettings settings(Duration timeouts) {
        return new MagentoClientSettings(
                timeouts,
                timeouts,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    @BeforeAll
    static void startSimulator() {
        simulator = MagentoSimulator.start(SimulatorOptions.defaults().port(0));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void newStore() {
        store = simulator.createStore(
                StoreSpec.tenant("t" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN)
                        .withOAuth("ck", "cs", "at", "ats"));
    }

    /** The simulator listens on 127.0.0.1, which production refuses: the allow-list of the local stack. */
    private static final MagentoTransport TRANSPORT =
            MagentoTransport.open(FAST, OutboundGuard.allowing("127.0.0.0/8"));

    private MagentoClient client(MagentoCredentials credentials) {
        return new MagentoClient(
                TRANSPORT,
                new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                credentials,
                FAST,
                Clock.systemUTC());
    }

    private MagentoClient bearer() {
        return client(new MagentoCredentials.Bearer(TOKEN));
    }

    private static SearchCriteria all(int pageSize, int page) {
        return SearchCriteria.builder()
                .sortAscending("updated_at")
                .sortAscending("entity_id")
                .pageSize(pageSize)
                .currentPage(page)
                .build();
    }

    @Test
    void pagingWithBearerTokenReadsEveryOrderOnce() {
        store.seedOrders(OrderSeed.of(25));
        Set<Long> seen = new HashSet<>();
        int total;
        int page = 1;
        do {
            OrderPage result = bearer().searchOrders(all(10, page++));
            total = result.totalCount();
            result.items().forEach(o -> assertThat(seen.add(o.entityId())).isTrue());
        } while ((page - 1) * 10 < total);

        assertThat(total).isEqualTo(25);
        assertThat(seen).hasSize(25);
    }

    @Test
    void oauth1SignedRequestsAreAccepted() {
        store.seedOrders(OrderSeed.of(3));
        OrderPage page =
                client(new MagentoCredentials.OAuth1("ck", "cs", "at", "ats")).searchOrders(all(10, 1));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items().get(0).baseGrandTotal()).isNotNull();
    }

    @Test
    void orderVersionsArePartialAnswersThatMatchTheWholeOrders() {
        store.seedOrders(OrderSeed.of(12));
        for (MagentoClient client : List.of(bearer(), client(new MagentoCredentials.OAuth1("ck", "cs", "at", "ats")))) {
            VersionPage versions = client.searchOrderVersions(all(50, 1));
            OrderPage orders = client.searchOrders(all(50, 1));
            assertThat(versions.totalCount()).isEqualTo(12);
            assertThat(versions.items())
                    .as("the fields parameter is signed like any other (OAuth 1.0a) and answers the same versions")
                    .containsExactlyElementsOf(
                            orders.items().stream().map(OrderSnapshot::version).toList());
        }
        assertThat(store.invoices()).as("the seed has invoices to read").isNotEmpty();
        assertThat(bearer().searchInvoices(all(50, 1)).items())
                .extracting(InvoiceSummary::orderId)
                .as("invoices read from their partial answer")
                .containsExactlyInAnyOrderElementsOf(
                        store.invoices().stream().map(i -> (long) i.orderId()).toList());
    }

    @Test
    void aWrongOauthSecretIsAnAuthFailureWithMagentosSentence() {
        var wrong = client(new MagentoCredentials.OAuth1("ck", "WRONG", "at", "ats"));
        assertThatThrownBy(() -> wrong.searchOrders(all(10, 1)))
                .isInstanceOfSatisfying(MagentoException.AuthFailed.class, e -> {
                    assertThat(e.readableMessage())
                            .isEqualTo("The consumer isn't authorized to access Magento_Sales::actions_view.");
                    assertThat(e.alertCode()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);
                });
    }

    @Test
    void anIntegrationKeepsItsClientUntilItsConfigurationChanges() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        CredentialSealer sealer = CredentialSealer.fromBase64Key(key);
        var clients = new MagentoClients(
                Optional.of(key),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                1,
                OutboundGuard.allowing("127.0.0.0/8"));
        var wrong = IntegrationConfigured.builder("int-keep", "acc-keep")
                .name("Keep")
                .posName("POS")
                .magento(
                        store.magentoBaseUrl(),
                        "default",
                        sealer.seal("int-keep", new MagentoCredentials.Bearer("not-" + TOKEN)))
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .syncIntervalSeconds(60)
                .notificationEmails(List.of("ops@example.test"))
                .build();
        MagentoClient first = clients.forIntegration(wrong);
        assertThat(clients.forIntegration(wrong.toBuilder().build()))
                .as("an equal configuration, read again from the topic")
                .isSameAs(first);
        assertThatThrownBy(() -> first.searchOrders(all(10, 1))).isInstanceOf(MagentoException.AuthFailed.class);

        var mended = wrong.toBuilder()
                .magento(
                        store.magentoBaseUrl(),
                        "default",
                        sealer.seal("int-keep", new MagentoCredentials.Bearer(TOKEN)))
                .build();
        MagentoClient current = clients.forIntegration(mended);
        assertThat(current.searchOrders(all(10, 1)).totalCount())
                .as("the new token is used at once")
                .isEqualTo(store.orders().size());

        clients.forget("int-keep");
        assertThat(clients.keepsClientOf("int-keep"))
                .as("a deleted integration's opened credentials are let go")
                .isFalse();
        assertThat(clients.forIntegration(mended))
                .as("made afresh if it comes back")
                .isNotSameAs(current);
    }

    @Test
    void aRevokedTokenFailsWithoutTheTokenInTheMessage() {
        store.revokeCredentials();
        assertThatThrownBy(() -> bearer().searchOrders(all(10, 1)))
                .isInstanceOf(MagentoException.AuthFailed.class)
                .hasMessageNotContaining(TOKEN)
                .hasMessageContaining("isn't authorized");
    }

    @Test
    void invoicingMovesTheOrderAndARepeatCountsAsAlreadyInvoiced() {
        store.seedOrders(OrderSeed.of(1).withStates(Map.of("new", 1)).withInvoicedFraction(0.0));
        long id = store.orders().get(0).entityId();

        assertThat(bearer().invoiceOrder(id)).isInstanceOf(InvoiceOutcome.Created.class);
        assertThat(bearer().getOrder(id).state()).isEqualTo("processing");
        assertThat(bearer().invoiceOrder(id)).isInstanceOf(InvoiceOutcome.AlreadyInvoiced.class);
    }

    @Test
    void anUnknownOrderIsNotFoundWithMagentosSentence() {
        assertThatThrownBy(() -> bearer().getOrder(999_999))
                .isInstanceOf(MagentoException.NotFound.class)
                .hasMessage("The entity that was requested doesn't exist. Verify the entity and try again.");
    }

    @Test
    void transientErrorsAreRetriedAndThenSucceed() {
        store.seedOrders(OrderSeed.of(2));
        store.faults(FaultRule.error("GET /V1/orders", 503, 1.0).times(2));
        assertThat(bearer().searchOrders(all(10, 1)).totalCount()).isEqualTo(2);
    }

    @Test
    void anHtmlErrorPageIsUnavailableWithAReadableSentence() {
        store.faults(FaultRule.htmlPage("GET /V1/orders", 502, 1.0));
        assertThatThrownBy(() -> bearer().searchOrders(all(10, 1)))
                .isInstanceOfSatisfying(MagentoException.Unavailable.class, e -> {
                    assertThat(e.readableMessage())
                            .isEqualTo("Magento answered GET /V1/orders with HTTP 502 (an HTML error page).");
                    assertThat(e.status()).isEqualTo(502);
                });
    }

    @Test
    void aTruncatedJsonBodyIsAnUnreadableResponseNamingTheRoute() {
        store.faults(FaultRule.truncatedJson("GET /V1/orders", 1.0));
        assertThatThrownBy(() -> bearer().searchOrders(all(10, 1)))
                .isInstanceOf(MagentoException.class)
                .hasMessageContaining("GET /V1/orders")
                .hasMessageContaining("not JSON");
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeIsUnavailable() {
        store.faults(FaultRule.latency("GET /V1/orders", 20_000, 1.0));
        try (var transport = MagentoTransport.open(IMPATIENT, OutboundGuard.allowing("127.0.0.0/8"))) {
            var impatient = new MagentoClient(
                    transport,
                    new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                    new MagentoCredentials.Bearer(TOKEN),
                    IMPATIENT,
                    Clock.systemUTC());
            assertThatThrownBy(() -> impatient.searchOrders(all(10, 1)))
                    .isInstanceOf(MagentoException.Unavailable.class)
                    .hasMessage("Magento did not answer GET /V1/orders within 2 s.");
        }
    }

    @Test
    void nobodyListeningIsUnavailable() {
        var nowhere = new MagentoClient(
                TRANSPORT,
                new MagentoEndpoint("http://127.0.0.1:1", null),
                new MagentoCredentials.Bearer(TOKEN),
                FAST,
                Clock.systemUTC());
        assertThatThrownBy(() -> nowhere.searchOrders(all(10, 1)))
                .isInstanceOf(MagentoException.Unavailable.class)
                .hasMessageContaining("Cannot connect to Magento at 127.0.0.1:1");
    }
}
