package dev.tillbridge.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the repository is, and what the deployment is made of. */
final class Project {

    /** The services deployed to Kubernetes by deploy/base, with the topic whose partitions bound their replicas. */
    static final Map<String, String> BASE_SERVICES = orderedMap(
            "order-poller", null,
            "invoice-filter", "raw-orders",
            "product-pusher", "product-updates",
            "notifier", "integration-alerts",
            "status-api", null);

    /** Every container of docker-compose.yml built by this repository. */
    static final List<String> COMPOSE_SERVICES =
            List.of("order-poller", "invoice-filter", "product-pusher", "notifier", "status-api", "pos-standin");

    /** Stand-ins only the dev overlay and compose run. */
    static final List<String> DEMO_SERVICES = List.of("pos-standin");

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Project() {}

    static Path root() {
        String configured = System.getProperty("tillbridge.project.root");
        Path start = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/base")) && Files.exists(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with deploy/base above " + start);
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static Map<String, Map<String, String>> required(List<String> services) {
        Map<String, Map<String, String>> required = new LinkedHashMap<>();
        for (String service : services) {
            required.put(service, RequiredEnvironment.of(root().resolve(service)));
        }
        return required;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
