package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/monitoring: the alert rules pass Prometheus' own {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}), the unit tests catch a rule that no longer fires, the Operator's PrometheusRule
 * carries exactly the rule file's groups, and the rules and the dashboard use only metric names the services
 * expose (metrics.txt, which e2e-tests checks against the services' /q/metrics).
 *
 * <p>promtool comes from Debian's {@code prometheus} package: {@code bin/install-promtool} (CI runs it).
 */
class MonitoringRulesTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:tillbridge|kafka)_[a-z0-9_]+)");

    @TempDir
    Path temp;

    private static Path monitoring() {
        return Project.deploy().resolve("monitoring");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Result check = promtool(monitoring(), "check", "rules", "tillbridge-rules.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        Result test = promtool(monitoring(), "test", "rules", "tillbridge-rules.test.yaml");
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void theUnitTestsCatchAnOutboxRuleThatNoLongerFires() throws Exception {
        String rules = Files.readString(monitoring().resolve("tillbridge-rules.yaml"));
        String broken = rules.replace(
                "max(tillbridge_status_outbox_oldest_age_seconds) > 120",
                "max(tillbridge_status_outbox_oldest_age_seconds) > 100000");
        assertThat(broken).isNotEqualTo(rules);
        Files.writeString(temp.resolve("tillbridge-rules.yaml"), broken);
        Files.copy(monitoring().resolve("tillbridge-rules.test.yaml"), temp.resolve("tillbridge-rules.test.yaml"));
        Result test = promtool(temp, "test", "rules", "tillbridge-rules.test.yaml");
        assertThat(test.exit()).as(test.output()).isNotZero();
        assertThat(test.output()).contains("TillbridgeStatusOutboxStuck");
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        String tests = Files.readString(monitoring().resolve("tillbridge-rules.test.yaml"));
        for (String alert : alertNames()) {
            assertThat(tests).as("a promtool test of " + alert).contains("alertname: " + alert);
        }
    }

    @Test
    void thePrometheusRuleCarriesTheRuleFileGroups() throws IOException {
        Map<String, Object> file = yaml("tillbridge-rules.yaml");
        Map<String, Object> resource = yaml("prometheus-rule.yaml");
        assertThat(resource.get("kind")).isEqualTo("PrometheusRule");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
        assertThat(spec.get("groups"))
                .as("prometheus-rule.yaml's groups equal tillbridge-rules.yaml's")
                .isEqualTo(file.get("groups"));
    }

    @Test
    void rulesAndDashboardUseOnlyMetricsTheServicesExpose() throws IOException {
        Set<String> exposed = exposedMetrics();
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> rule : rules()) {
            used.addAll(metricsIn(String.valueOf(rule.get("expr"))));
        }
        JsonNode dashboard = new ObjectMapper()
                .readTree(monitoring().resolve("grafana-dashboard.json").toFile());
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                used.addAll(metricsIn(target.get("expr").asText()));
                queries++;
            }
        }
        assertThat(queries).as("dashboard queries").isGreaterThan(10);
        assertThat(used).as("metric names used by rules and dashboard").isNotEmpty();
        assertThat(exposed).as("deploy/monitoring/metrics.txt").containsAll(used);
    }

    static Set<String> exposedMetrics() throws IOException {
        return Files.readAllLines(monitoring().resolve("metrics.txt")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> metricsIn(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<String> alertNames() throws IOException {
        return rules().stream().map(r -> String.valueOf(r.get("alert"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group :
                (List<Map<String, Object>>) yaml("tillbridge-rules.yaml").get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(monitoring().resolve(file)));
    }

    private record Result(int exit, String output) {}

    private static Result promtool(Path dir, String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool)
                .as("promtool is missing: run bin/install-promtool (Debian's prometheus package)")
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
