package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.find;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Finds variables a service needs that a docker-compose file or a set of Kubernetes objects does not set. */
public final class EnvironmentDrift {

    private EnvironmentDrift() {}

    /** Problems, one sentence each; empty when every required variable of every service is set. */
    public static List<String> inCompose(
            Map<String, Object> compose, Map<String, Map<String, String>> requiredByService) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose, "services");
        requiredByService.forEach((service, required) -> {
            if (!services.containsKey(service)) {
                problems.add("docker-compose.yml has no service '" + service + "'");
                return;
            }
            Set<String> set = composeEnvironment(services.get(service));
            required.forEach((variable, why) -> {
                if (!set.contains(variable)) {
                    problems.add("docker-compose.yml: " + service + " does not set " + variable + " (" + why + ")");
                }
            });
        });
        return problems;
    }

    /** Problems in Kubernetes objects: each service's Deployment must set each required variable. */
    public static List<String> inKubernetes(
            String where, List<Map<String, Object>> objects, Map<String, Map<String, String>> requiredByService) {
        List<String> problems = new ArrayList<>();
        requiredByService.forEach((service, required) -> {
            Optional<Map<String, Object>> deployment = find(objects, "Deployment", service);
            if (deployment.isEmpty()) {
                problems.add(where + " has no Deployment '" + service + "'");
                return;
            }
            Set<String> set = containerEnvironment(deployment.get(), service, objects, problems, where);
            required.forEach((variable, why) -> {
                if (!set.contains(variable)) {
                    problems.add(where + ": Deployment " + service + " does not set " + variable + " (" + why + ")");
                }
            });
        });
        return problems;
    }

    @SuppressWarnings("unchecked")
    static Set<String> composeEnvironment(Object service) {
        Set<String> names = new TreeSet<>();
        Object environment = Manifests.at(service, "environment");
        if (environment instanceof Map<?, ?> env) {
            env.keySet().forEach(k -> names.add(String.valueOf(k)));
        } else if (environment instanceof List<?> env) {
            for (Object entry : env) {
                names.add(String.valueOf(entry).split("=", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> containerEnvironment(
            Map<String, Object> deployment,
            String service,
            List<Map<String, Object>> objects,
            List<String> problems,
            String where) {
        Set<String> names = new TreeSet<>();
        Object container = list(deployment, "spec", "template", "spec", "containers").stream()
                .filter(c -> service.equals(string(c, "name")))
                .findFirst()
                .orElse(null);
        if (container == null) {
            problems.add(where + ": Deployment " + service + " has no container named " + service);
            return names;
        }
        for (Object env : list(container, "env")) {
            names.add(string(env, "name"));
            String secret = string(env, "valueFrom", "secretKeyRef", "name");
            String key = string(env, "valueFrom", "secretKeyRef", "key");
            if (secret != null) {
                Optional<Map<String, Object>> object = find(objects, "Secret", secret);
                if (object.isPresent()
                        && !map(object.get(), "data").containsKey(key)
                        && !map(object.get(), "stringData").containsKey(key)) {
                    problems.add(where + ": Secret " + secret + " has no key " + key + " that " + service + " reads");
                }
            }
            String configMap = string(env, "valueFrom", "configMapKeyRef", "name");
            if (configMap != null) {
                String cmKey = string(env, "valueFrom", "configMapKeyRef", "key");
                if (find(objects, "ConfigMap", configMap)
                        .map(cm -> !map(cm, "data").containsKey(cmKey))
                        .orElse(true)) {
                    problems.add(where + ": ConfigMap " + configMap + " has no key " + cmKey + " that " + service
                            + " reads");
                }
            }
        }
        for (Object source : list(container, "envFrom")) {
            String configMap = string(source, "configMapRef", "name");
            if (configMap != null) {
                Optional<Map<String, Object>> object = find(objects, "ConfigMap", configMap);
                if (object.isEmpty()) {
                    problems.add(
                            where + ": Deployment " + service + " reads ConfigMap " + configMap + ", which is missing");
                } else {
                    names.addAll(map(object.get(), "data").keySet());
                }
            }
            String secret = string(source, "secretRef", "name");
            if (secret != null) {
                find(objects, "Secret", secret).ifPresent(s -> {
                    names.addAll(map(s, "data").keySet());
                    names.addAll(map(s, "stringData").keySet());
                });
            }
        }
        return names;
    }
}
