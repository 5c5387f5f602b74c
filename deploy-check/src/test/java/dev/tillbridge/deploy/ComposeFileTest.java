package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.at;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
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
        assertThat(string(services.get("kafka"), "environment", "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(map(services.get("kafka"), "environment")).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void everyContainerHasAHealthCheckAndWaitsForHealthyDependencies() {
        Map<String, Object> services = map(compose(), "services");
        assertSoftly(soft -> services.forEach((name, service) -> {
            soft.assertThat(list(service, "healthcheck", "test")).as(name + " healthcheck").isNotEmpty();
            Object dependsOn = at(service, "depends_on");
            if (dependsOn != null) {
                soft.assertThat(dependsOn).as(name + " depends_on must be a map with conditions").isInstanceOf(Map.class);
                map(service, "depends_on").forEach((dependency, condition) -> {
                    soft.assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                    soft.assertThat(string(condition, "condition")).as(name + " → " + dependency)
                            .isEqualTo("service_healthy");
                });
            }
        }));
        for (String service : Project.COMPOSE_SERVICES) {
            assertThat(map(services.get(service), "depends_on")).as(service).containsKey("kafka");
            assertThat(String.join(" ", list(services.get(service), "healthcheck", "test").stream().map(String::valueOf).toList()))
                    .as(service + " healthcheck").contains("/q/health/ready");
        }
    }

    @Test
    void servicesRunAsInKubernetesReadOnlyWithoutPrivileges() {
        Map<String, Object> services = map(compose(), "services");
        for (String service : Project.COMPOSE_SERVICES) {
            assertThat(at(services.get(service), "read_only")).as(service).isEqualTo(true);
            assertThat(list(services.get(service), "cap_drop")).as(service).contains("ALL");
            assertThat(list(services.get(service), "tmpfs")).as(service).contains("/tmp");
            assertThat(string(services.get(service), "image")).as(service).isEqualTo("tillbridge/" + service + ":0.1.0-SNAPSHOT");
        }
    }

    /** `docker compose config` where Docker's client has the compose plugin (it needs no daemon to validate). */
    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        assumeTrue(Manifests.onPath("docker"), "no docker client on PATH");
        Process probe = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "docker has no compose plugin");
        Process config = new ProcessBuilder(List.of("docker", "compose", "-f",
                Project.root().resolve("docker-compose.yml").toString(), "config", "--quiet"))
                .redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();
    }
}
