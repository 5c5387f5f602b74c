package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.pusher.support.StandalonePusher;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.store.ProductSaveLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Kill the pusher mid-run and start it again: the run completes and only the saves that were in flight at
 * the kill are sent twice. The pusher's core runs in a child JVM (the same classes the service runs, wired by
 * {@link StandalonePusher}) so the kill is a real SIGKILL: no shutdown hook, no last commit, no last count.
 * The integration is handed to the child only, so the service's own pusher skips this run's records.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class PusherCrashResumeTest extends PusherScenarioTest {

    private static final int PRODUCTS = 2000;
    private static final int MAX_CONCURRENCY = 8;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @Test
    void killedMidRunItResumesAfterARestartAndSendsAgainAtMostTheWindowThatWasInFlight() throws Exception {
        SimulatedStore store = PusherTestSupport.store(magento.simulator(), "crash", PRODUCTS, "CR-");
        store.capacity(CapacitySettings.workers(4, Duration.ofMillis(10)));
        Process first = null;
        Process second = null;
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey)) {
            IntegrationConfigured integration = support.integration(store);
            Path config = Files.createTempFile("crash-integration", ".json");
            Files.writeString(config, EventJson.mapper().writeValueAsString(integration));
            String runId = PusherTestSupport.newRunId();
            support.publishRun(
                    integration,
                    catalog(integration, runId, PRODUCTS, "CR-", p -> "Crash " + p, p -> new BigDecimal("5.00")));
            String group = "crash-" + UUID.randomUUID().toString().substring(0, 8);

            first = startPusher(group, config, "first");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> store.productSaves().totalSaves() >= PRODUCTS * 3 / 10);
            first.destroyForcibly();
            first.waitFor();
            // Saves the dead process had sent are finished by the store on its side: wait until the count settles.
            AtomicLong seen = new AtomicLong(-1);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        long now = store.productSaves().totalSaves();
                        return seen.getAndSet(now) == now;
                    });
            long savedAtKill = store.productSaves().totalSaves();
            assertThat(savedAtKill).as("killed mid-run").isLessThan(PRODUCTS);

            second = startPusher(group, config, "second");
            List<ProductProgress> progress =
                    support.progressUntilEnded(integration.integrationId(), runId, Duration.ofSeconds(90));

            ProductProgress last = progress.get(progress.size() - 1);
            assertThat(last.state()).isEqualTo(RunState.COMPLETED);
            assertThat(last.sent()).isEqualTo(PRODUCTS);
            assertThat(last.failed()).isZero();
            assertThat(last.restarts()).as("a crash is no restart of the run").isZero();
            Map<String, ProductSaveLog.SkuSaves> saves = store.productSaves().bySku();
            assertThat(saves).hasSize(PRODUCTS);
            long sentTwice = saves.values().stream().filter(s -> s.count() > 1).count();
            System.out.printf(
                    "Crash test: killed after %d saves; %d products saved twice (window %d)%n",
                    savedAtKill, sentTwice, MAX_CONCURRENCY);
            assertThat(sentTwice)
                    .as("products saved twice (the kill came after %d saves)", savedAtKill)
                    .isLessThanOrEqualTo(MAX_CONCURRENCY);
            assertThat(saves.values()).allSatisfy(s -> assertThat(s.count()).isLessThanOrEqualTo(2));
        } finally {
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroyForcibly().waitFor();
            }
        }
    }

    private Process startPusher(String group, Path config, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File log = Path.of("target", "standalone-pusher-" + name + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-Dorg.jboss.logging.provider=jdk",
                        "-cp",
                        classpath,
                        StandalonePusher.class.getName(),
                        bootstrapServers,
                        group,
                        jdbcUrl,
                        dbUser,
                        "product_pusher",
                        config.toString(),
                        credentialsKey,
                        String.valueOf(MAX_CONCURRENCY))
                .redirectErrorStream(true)
                .redirectOutput(log);
        Process process = builder.start();
        // A JVM's start took over 30 s in a CI run at load 50; the wait ends as soon as the marker is logged.
        await().atMost(Duration.ofMinutes(3))
                .until(() ->
                        !process.isAlive() || Files.readString(log.toPath()).contains("STANDALONE-PUSHER-READY"));
        assertThat(process.isAlive())
                .as("standalone pusher started; see %s", log)
                .isTrue();
        return process;
    }
}
