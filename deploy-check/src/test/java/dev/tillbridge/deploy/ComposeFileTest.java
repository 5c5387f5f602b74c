package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.at;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs the same set as Kubernetes, each container healthy before its dependants start. */
class ComposeFileTest {

    private static Map<String, Object> compose() {
        return Manifests.read(Project.root().resolve("docker-compose.yml")).get(0);
    }

    @Test
    void runsKafkaInKraftModePostgresMailpitTheSimulatorAndEveryService() {
        Map<String, Object> services = map(compose(), "services");
        assertThat(services).containsKeys("kafka", "postgres", "mailpit", "magento-simulator");
        assertThat(services).containsKeys(Project.COMPOSE_SERVICES.toArray(String[]::new));
        assertThat(string(services.get("kafka"), "image")).startsWith("apache/kafka:");
        assertThat(string(services.get("kafka"), "environment", "KAFKA_PROCESS_ROLES"))
                .isEqualTo("broker,controller");
        assertThat(map(services.get("kafka"), "environment")).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void everyContainerHasAHealthCheckAndWaitsForHealthyDependencies() {
        Map<String, Object> services = map(compose(), "services");
        assertSoftly(soft -> services.forEach((name, service) -> {
            soft.assertThat(list(service, "healthcheck", "test"))
                    .as(name + " healthcheck")
                    .isNotEmpty();
            Object dependsOn = at(service, "depends_on");
            if (dependsOn != null) {
                soft.assertThat(dependsOn)
                        .as(name + " depends_on must be a map with conditions")
                        .isInstanceOf(Map.class);
                map(service, "depends_on").forEach((dependency, condition) -> {
                    soft.assertThat(services)
                            .as(name + " depends on " + dependency)
                            .containsKey(dependency);
                    soft.assertThat(string(condition, "condition"))
                            .as(name + " → " + dependency)
                            .isEqualTo("service_healthy");
                });
            }
        }));
        for (String service : Project.COMPOSE_SERVICES) {
            assertThat(map(services.get(service), "depends_on")).as(service).containsKey("kafka");
            assertThat(String.join(
                            " ",
                            list(services.get(service), "healthcheck", "test").stream()
                                    .map(String::valueOf)
                                    .toList()))
                    .as(service + " healthcheck")
                    .contains("/q/health/ready");
        }
    }

    @Test
    void servicesRunAsInKubernetesReadOnlyWithoutPrivileges() {
        Map<String, Object> services = map(compose(), "services");
        for (String service : Project.COMPOSE_SERVICES) {
            assertThat(at(services.get(service), "read_only")).as(service).isEqualTo(true);
            assertThat(list(services.get(service), "cap_drop")).as(service).contains("ALL");
            assertThat(list(services.get(service), "tmpfs")).as(service).contains("/tmp");
            assertThat(string(services.get(service), "image"))
                    .as(service)
                    .isEqualTo("tillbridge/" + service + ":0.1.0-SNAPSHOT");
        }
    }

    /**
     * podman-compose (Debian's package; .ci/run installs it with bin/install-container-tools) reads the file as it
     * would run it: resolves the anchors, orders containers by {@code depends_on} and prints each container's podman
     * command. Debian 12's podman-compose 1.0.3 has no {@code config} command, so {@code --dry-run up} does that
     * without starting anything (it only creates the project's network and volumes, removed again here). Missing in
     * CI is a failure, not a skip.
     */
    @Test
    void podmanComposeRunsEveryServiceReadOnlyHealthCheckedAfterKafkaAndPostgres() throws Exception {
        if (!Manifests.onPath("podman-compose")) {
            if (System.getenv("CI") != null) {
                fail("podman-compose is not installed: .ci/run installs it with bin/install-container-tools");
            }
            assumeTrue(false, "podman-compose not installed: run bin/install-container-tools");
        }
        String project = "tillbridge-compose-check-" + ProcessHandle.current().pid();
        try {
            String output = run(
                    60,
                    "podman-compose",
                    "-p",
                    project,
                    "-f",
                    Project.root().resolve("docker-compose.yml").toString(),
                    "--dry-run",
                    "up",
                    "-d");
            List<String> runs = output.lines()
                    .filter(line -> line.startsWith("podman run "))
                    .toList();
            Map<String, Object> services = map(compose(), "services");
            assertThat(runs).as(output).hasSize(services.size());
            List<String> order = runs.stream().map(ComposeFileTest::serviceOf).toList();
            assertThat(order).as(output).containsExactlyInAnyOrderElementsOf(services.keySet());
            for (String service : Project.COMPOSE_SERVICES) {
                String command = runs.get(order.indexOf(service));
                assertSoftly(soft -> {
                    soft.assertThat(command)
                            .as(service)
                            .contains(
                                    " --read-only ",
                                    " --cap-drop ALL ",
                                    " --tmpfs /tmp ",
                                    " --security-opt no-new-privileges:true ",
                                    " --healthcheck-command ",
                                    "/q/health/ready",
                                    " -e KAFKA_BOOTSTRAP_SERVERS=kafka:19092 ");
                    soft.assertThat(command).as(service).endsWith(" tillbridge/" + service + ":0.1.0-SNAPSHOT");
                    soft.assertThat(order.indexOf(service))
                            .as(service + " starts after kafka and postgres")
                            .isGreaterThan(order.indexOf("kafka"))
                            .isGreaterThan(order.indexOf("postgres"));
                });
            }
        } finally {
            for (String kind : List.of("network", "volume")) {
                String ids =
                        run(60, "podman", kind, "ls", "-q", "--filter", "label=io.podman.compose.project=" + project);
                for (String id : ids.strip().split("\\s+")) {
                    if (!id.isBlank()) {
                        run(60, "podman", kind, "rm", id);
                    }
                }
            }
        }
    }

    private static String serviceOf(String podmanRun) {
        int at = podmanRun.indexOf("com.docker.compose.service=");
        assertThat(at).as(podmanRun).isPositive();
        return podmanRun.substring(at + "com.docker.compose.service=".length()).split(" ", 2)[0];
    }

    private static String run(int seconds, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }
}
