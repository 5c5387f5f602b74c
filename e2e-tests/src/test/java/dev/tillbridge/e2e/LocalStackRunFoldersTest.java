package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.LocalPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two local stacks, one after the other, on one machine, as two checkouts would run them: {@code bin/tillbridge up}
 * in run folder A, used and stopped, then in run folder B on the same ports. Every piece of state (broker data,
 * Kafka Streams state, credentials key, database) belongs to its run folder, so B starts clean and releases
 * orders; before, B shared A's Streams state in the temp folder (its invoice-filter went to ERROR while reporting
 * ready) and A's database (every old integration failed on B's new key).
 *
 * <p>B runs as {@code bin/tillbridge up --monitoring}: the demo account's alert mail is read back from the stack's
 * inbox (GreenMail's REST API), its Prometheus scrapes every service with deploy/monitoring's rules loaded, and
 * every metric name deploy/monitoring/metrics.txt lists (the names the rules and the dashboard may use) is exposed
 * by the service it names.
 */
class LocalStackRunFoldersTest {

    private static final Duration ORDERS_WAIT = Duration.ofMinutes(3);

    @TempDir
    Path runFolders;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void aSecondStackInAnotherRunFolderStartsCleanAndReleasesOrders() throws Exception {
        Ports ports = Ports.free();
        Stack a = new Stack(runFolders.resolve("a"), ports);
        Stack b = new Stack(runFolders.resolve("b"), ports);
        try {
            a.up();
            assertThat(a.releasedDemoOrders())
                    .as("stack A releases the demo store's orders")
                    .isPositive();
            a.down();

            b.up("--monitoring");
            assertThat(b.filterStreamState()).isEqualTo("RUNNING");
            assertThat(b.releasedDemoOrders())
                    .as("stack B releases the demo store's orders")
                    .isPositive();
            assertThat(b.database()).isNotEqualTo(a.database());
            assertThat(Files.readString(b.folder.resolve("credentials.key")))
                    .isNotEqualTo(Files.readString(a.folder.resolve("credentials.key")));
            assertThat(b.folder.resolve("streams"))
                    .as("Streams state in the run folder")
                    .isDirectory();

            assertThat(b.inboxSubjects("owner@demo.test"))
                    .as("the demo account's alert mail in the stack's inbox")
                    .anyMatch(subject -> !subject.isBlank());
            b.prometheusScrapesEveryServiceWithTheRules();
            b.exposesEveryMetricTheRulesUse();
        } finally {
            a.down();
            b.down();
            LocalPostgres.Server server = LocalPostgres.ensureRunning();
            for (Stack stack : List.of(a, b)) {
                if (stack.database() != null) {
                    LocalPostgres.dropDatabase(server, stack.database());
                }
            }
        }
    }

    /**
     * Twelve consecutive ports, all free now: six services, the inbox's two, Prometheus, the broker pair and the
     * simulator ({@link StablePorts}: below the ephemeral range, since stack B binds them after stack A let go).
     */
    private record Ports(int kafka, int controller, int simulator, int serviceBase) {
        static Ports free() {
            int base = StablePorts.block(12);
            return new Ports(base + 9, base + 10, base + 11, base);
        }
    }

    private final class Stack {
        final Path folder;
        final Ports ports;

        Stack(Path folder, Ports ports) {
            this.folder = folder;
            this.ports = ports;
        }

        void up(String... options) throws Exception {
            List<String> command = new ArrayList<>(List.of("up"));
            command.addAll(List.of(options));
            assertThat(run(command.toArray(String[]::new)))
                    .as("bin/tillbridge up in %s (see %s)", folder, log("up"))
                    .isZero();
            assertThat(Files.readString(log("up")))
                    .as("bin/tillbridge up prints where to read the mails")
                    .contains("http://127.0.0.1:" + (ports.serviceBase() + 6)
                            + "/api/user/owner@demo.test/messages/INBOX");
            if (options.length > 0) {
                assertThat(Files.readString(log("up")))
                        .as("bin/tillbridge up --monitoring prints Prometheus' URL")
                        .contains("http://127.0.0.1:" + (ports.serviceBase() + 7) + "/");
            }
        }

        /** The subjects of the mails the stack's inbox holds for {@code address}, waiting up to 3 min for one. */
        List<String> inboxSubjects(String address) {
            String inbox = "http://127.0.0.1:" + (ports.serviceBase() + 6) + "/api/user/" + address + "/messages/INBOX";
            return await("a mail in the stack's inbox for " + address)
                    .atMost(ORDERS_WAIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> {
                                // the inbox of an address that has no mail yet may answer 404: nothing yet
                                HttpResponse<String> response = http.send(
                                        HttpRequest.newBuilder(URI.create(inbox))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                List<String> subjects = new ArrayList<>();
                                if (response.statusCode() == 200) {
                                    for (var mail : JSON.readTree(response.body())) {
                                        subjects.add(mail.path("subject").asText());
                                    }
                                }
                                return subjects;
                            },
                            subjects -> !subjects.isEmpty());
        }

        void prometheusScrapesEveryServiceWithTheRules() throws Exception {
            String base = "http://127.0.0.1:" + (ports.serviceBase() + 7);
            var rules = JSON.readTree(get(base + "/api/v1/rules?type=alert"));
            List<String> loaded = new ArrayList<>();
            for (var group : rules.path("data").path("groups")) {
                for (var rule : group.path("rules")) {
                    loaded.add(rule.path("name").asText());
                    assertThat(rule.path("health").asText())
                            .as("rule %s", rule.path("name"))
                            .isEqualTo("ok");
                }
            }
            assertThat(loaded)
                    .contains(
                            "TillbridgeSyncStalled",
                            "TillbridgeDeadLetters",
                            "TillbridgeConsumerLag",
                            "TillbridgeMailFailures",
                            "TillbridgeMagentoErrorRate",
                            "TillbridgeStatusOutboxStuck");
            Set<String> services = Set.of("status-api", "order-poller", "invoice-filter", "product-pusher", "notifier");
            await("Prometheus scrapes all five services successfully")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> {
                                Map<String, String> health = new TreeMap<>();
                                for (var target : JSON.readTree(get(base + "/api/v1/targets?state=active"))
                                        .path("data")
                                        .path("activeTargets")) {
                                    health.put(
                                            target.path("labels").path("job").asText(),
                                            target.path("health").asText());
                                }
                                return health;
                            },
                            health -> health.keySet().equals(services)
                                    && health.values().stream().allMatch("up"::equals));
        }

        /** Every name of metrics.txt on its service's /q/metrics (some appear with the first event: waited for). */
        void exposesEveryMetricTheRulesUse() throws Exception {
            Map<String, Integer> portOf =
                    Map.of("status-api", 0, "order-poller", 1, "invoice-filter", 2, "product-pusher", 3, "notifier", 4);
            List<String[]> listed =
                    Files.readAllLines(E2eInfrastructure.root().resolve("deploy/monitoring/metrics.txt")).stream()
                            .map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .map(l -> l.split("\\s+"))
                            .toList();
            assertThat(listed).isNotEmpty();
            await().atMost(ORDERS_WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                List<String> missing = new ArrayList<>();
                for (String[] entry : listed) {
                    String text =
                            get("http://127.0.0.1:" + (ports.serviceBase() + portOf.get(entry[1])) + "/q/metrics");
                    if (!Pattern.compile("(?m)^" + entry[0] + "[{ ]")
                            .matcher(text)
                            .find()) {
                        missing.add(entry[0] + " (" + entry[1] + ")");
                    }
                }
                assertThat(missing).as("metrics.txt names no service exposes").isEmpty();
            });
        }

        private String get(String url) throws Exception {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return response.body();
        }

        void down() throws Exception {
            if (Files.isDirectory(folder)) {
                run("down");
            }
        }

        String database() {
            Path id = folder.resolve("instance-id");
            try {
                return Files.exists(id) ? "tillbridge_" + Files.readString(id).trim() : null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        long releasedDemoOrders() {
            try (KafkaTestClient kafka = new KafkaTestClient("127.0.0.1:" + ports.kafka())) {
                return kafka.readUntil(
                                Topics.FILTERED_ORDERS,
                                r -> r.key() != null && r.key().startsWith("demo-store:"),
                                found -> !found.isEmpty(),
                                ORDERS_WAIT)
                        .size();
            }
        }

        String filterStreamState() throws Exception {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + (ports.serviceBase() + 2) + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            var checks = new ObjectMapper().readTree(body).get("checks");
            for (var check : checks) {
                if ("Order decision stream".equals(check.get("name").asText())) {
                    return check.get("data").get("state").asText();
                }
            }
            throw new AssertionError("no decision stream check in " + body);
        }

        private Path log(String command) {
            return E2eInfrastructure.root()
                    .resolve("e2e-tests/target/e2e-logs/local-stack-" + folder.getFileName() + "-" + command + ".log");
        }

        private int run(String... command) throws Exception {
            Path root = E2eInfrastructure.root();
            Files.createDirectories(log(command[0]).getParent());
            List<String> line = new ArrayList<>(
                    List.of("bash", root.resolve("bin/tillbridge").toString()));
            line.addAll(List.of(command));
            // Appended: the test body's down and the clean-up's down write one log, the first one's output kept.
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(log(command[0]).toFile()));
            Map<String, String> env = builder.environment();
            env.keySet()
                    .removeIf(k -> k.startsWith("KAFKA_")
                            || k.startsWith("QUARKUS_")
                            || k.startsWith("TILLBRIDGE_")
                            || k.startsWith("MP_"));
            env.put("SKIP_BUILD", "1");
            env.put("TILLBRIDGE_RUN_DIR", folder.toString());
            env.put("KAFKA_PORT", String.valueOf(ports.kafka()));
            env.put("KAFKA_CONTROLLER_PORT", String.valueOf(ports.controller()));
            env.put("SIM_PORT", String.valueOf(ports.simulator()));
            env.put("TILLBRIDGE_PORT_BASE", String.valueOf(ports.serviceBase()));
            Path sharedLibs = root.resolve(".run/kafka/libs");
            if (Files.exists(sharedLibs.resolve(".complete"))) {
                env.put("KAFKA_LIBS", sharedLibs.toString());
            }
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bin/tillbridge " + String.join(" ", command)
                        + " did not finish in 10 minutes; see " + log(command[0]));
            }
            return process.exitValue();
        }
    }
}
