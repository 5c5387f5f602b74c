package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a POS connector gets from {@code filtered-orders} when it reads as docs/architecture.md tells it to: a plain consumer,
 * {@code read_committed}, its own group, committing after it processed each batch. Orders keep being placed,
 * invoiced and changed in Magento while the connector reads, and invoice-filter is killed with SIGKILL once in the
 * middle of it and started again. The connector must see every eligible order once and only once.
 */
class PosConnectorTest {

    private static final String TOKEN = "pos-connector-token";
    private static final int MAX_ORDERS = 600;

    private static E2eInfrastructure infra;

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    @BeforeAll
    static void start() {
        infra = new E2eInfrastructure();
    }

    /**
     * Magento's back office while the test runs: new orders every 100 ms, most paid and invoiced at once, some left
     * for an invoice that arrives later (Wait-For-Invoice downloads them then), and downloaded ones changed again.
     */
    private static final class BackOffice implements AutoCloseable {
        private final SimulatedStore store;
        private final Random random = new Random(42);
        private final List<Integer> waitingForInvoice = new ArrayList<>();
        private final List<Integer> invoiced = new ArrayList<>();
        private final AtomicInteger placed = new AtomicInteger();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean open = true;

        BackOffice(SimulatedStore store) {
            this.store = store;
            this.thread = new Thread(this::run, "magento-back-office");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (open && placed.get() < MAX_ORDERS) {
                    if (random.nextInt(10) < 7) {
                        invoiced.add(
                                store.createOrder(NewOrder.inState("processing").withInvoiced(true))
                                        .entityId());
                    } else {
                        waitingForInvoice.add(
                                store.createOrder(NewOrder.inState("new")).entityId());
                    }
                    placed.incrementAndGet();
                    if (placed.get() % 5 == 0 && !waitingForInvoice.isEmpty()) {
                        int id = waitingForInvoice.remove(random.nextInt(waitingForInvoice.size()));
                        store.invoiceOrder(id);
                        invoiced.add(id);
                    }
                    if (placed.get() % 7 == 0 && !invoiced.isEmpty()) {
                        store.touchOrder(invoiced.get(random.nextInt(invoiced.size())));
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }

        int placed() {
            return placed.get();
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            thread.join(10_000);
            if (failure.get() != null) {
                throw new IllegalStateException(
                        "The back office failed: " + failure.get().getMessage(), failure.get());
            }
        }
    }

    private static boolean eligibleForWaitForInvoice(Order order) {
        var totals = order.totals();
        return "processing".equals(order.state())
                && totals.baseTotalInvoiced() != null
                && totals.baseTotalInvoiced().compareTo(totals.baseGrandTotal()) >= 0;
    }

    @Test
    void aReadCommittedConnectorSeesEveryEligibleOrderExactlyOnceWhileOrdersFlowAndTheFilterIsKilledMidway()
            throws Exception {
        SimulatedStore store =
                magento.createStore(StoreSpec.tenant("pos-" + infra.runId).withBearerToken(TOKEN));
        try (PosConnector connector = new PosConnector(infra.bootstrapServers, "pos-connector-e2e-" + infra.runId);
                KafkaTestClient kafka = new KafkaTestClient(infra.bootstrapServers);
                ServiceProcess filter = new ServiceProcess("invoice-filter", infra.filterSettings());
                ServiceProcess poller = new ServiceProcess("order-poller", infra.pollerSettings())) {
            ServiceProcess.startTogether(filter, poller);
            TestIntegrations integrations = new TestIntegrations(kafka, infra.credentialsKey);
            IntegrationConfigured integration =
                    integrations.publish(store.magentoBaseUrl(), TOKEN, DownloadMode.WAIT_FOR_INVOICE, 2);
            try {
                connectorSeesEveryEligibleOrderOnce(store, connector, filter, integration.integrationId());
            } finally {
                // The broker outlives this run: later runs' services need not poll a store that is gone.
                integrations.disable(integration);
            }
        }
    }

    private void connectorSeesEveryEligibleOrderOnce(
            SimulatedStore store, PosConnector connector, ServiceProcess filter, String id) throws Exception {
        int releasedBeforeKill;
        try (BackOffice backOffice = new BackOffice(store)) {
            releasedBeforeKill = await("orders flow to the POS")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> connector.releaseCounts(id).size(), n -> n >= 40);
            filter.kill();
            int placedAtKill = backOffice.placed();
            await("orders keep being placed while the filter is down")
                    .atMost(Duration.ofMinutes(2))
                    .until(backOffice::placed, n -> n >= placedAtKill + 30);
            filter.start();
            await("orders flow again after the restart")
                    .atMost(Duration.ofSeconds(150))
                    .until(() -> connector.releaseCounts(id).size(), n -> n >= releasedBeforeKill + 60);
        }

        Set<Long> eligible = store.orders().stream()
                .filter(PosConnectorTest::eligibleForWaitForInvoice)
                .map(o -> (long) o.entityId())
                .collect(Collectors.toSet());
        assertThat(eligible.size())
                .as("the flow placed a meaningful number of orders")
                .isGreaterThan(releasedBeforeKill + 60);
        await("every eligible order reaches the POS")
                .atMost(Duration.ofSeconds(120))
                .untilAsserted(
                        () -> assertThat(connector.releaseCounts(id).keySet()).containsAll(eligible));
        await("and stays exactly once")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> {
                    Map<String, Long> byKey = connector.releaseCountsByKey(id);
                    assertThat(byKey.keySet())
                            .as("nothing but the eligible orders")
                            .containsExactlyInAnyOrderElementsOf(
                                    eligible.stream().map(e -> id + ":" + e).toList());
                    assertThat(byKey.values()).as("each order key once").containsOnly(1L);
                });
        assertThat(connector.receivedFor(id))
                .as("no re-downloads were asked for")
                .noneMatch(PosConnector.Received::redownload);
    }
}
