package dev.tillbridge.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads YAML manifests: single files, a Kustomize directory's plain {@code resources} (the base uses nothing else),
 * and overlays rendered by a real Kustomize ({@code kustomize build} or {@code kubectl kustomize}).
 */
public final class Manifests {

    private Manifests() {}

    /** Every document of a YAML stream; anchors and merge keys are resolved, empty documents dropped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            } else if (doc != null) {
                throw new IllegalArgumentException("a YAML document that is not a mapping: " + doc);
            }
        }
        return docs;
    }

    public static List<Map<String, Object>> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The objects a Kustomize directory lists under {@code resources}, following sub-directories. It refuses a
     * kustomization that uses anything else (patches, generators, ...): those need {@link #render(Path)}.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> plainResources(Path dir) {
        Map<String, Object> kustomization =
                read(dir.resolve("kustomization.yaml")).get(0);
        for (String key : kustomization.keySet()) {
            if (!List.of("apiVersion", "kind", "resources", "labels").contains(key)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml uses '" + key
                        + "'; read it with a real Kustomize (Manifests.render)");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? plainResources(path) : read(path));
        }
        // `labels` as Kustomize applies it: to every object, and to pod templates with includeTemplates
        for (Object entry : list(kustomization, "labels")) {
            if (Boolean.TRUE.equals(at(entry, "includeSelectors"))) {
                throw new IllegalArgumentException(dir + ": labels with includeSelectors need a real Kustomize");
            }
            Map<String, Object> pairs = map(entry, "pairs");
            for (Map<String, Object> object : objects) {
                mutableMap(object, "metadata", "labels").putAll(pairs);
                if (Boolean.TRUE.equals(at(entry, "includeTemplates")) && at(object, "spec", "template") != null) {
                    mutableMap(object, "spec", "template", "metadata", "labels").putAll(pairs);
                }
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutableMap(Map<String, Object> root, String... path) {
        Map<String, Object> current = root;
        for (String key : path) {
            current = (Map<String, Object>) current.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        return current;
    }

    /** The Kustomize command on this machine, if any: {@code kustomize build} first, else {@code kubectl kustomize}. */
    public static Optional<List<String>> kustomizeCommand() {
        if (onPath("kustomize")) {
            return Optional.of(List.of("kustomize", "build"));
        }
        if (onPath("kubectl")) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return Optional.empty();
    }

    /** Renders a Kustomize directory with the real tool; empty when none is installed. */
    public static Optional<List<Map<String, Object>>> render(Path dir) {
        Optional<List<String>> command = kustomizeCommand();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(command.get());
        cmd.add(dir.toString());
        try {
            Process process = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out;
            String err;
            try (InputStream stdout = process.getInputStream();
                    InputStream stderr = process.getErrorStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", cmd) + " failed (" + process.exitValue() + "): " + err);
            }
            return Optional.of(parse(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }

    // ---- small accessors for the nested maps SnakeYAML makes ----

    public static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    public static String string(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    public static String kind(Map<String, Object> object) {
        return string(object, "kind");
    }

    public static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }

    public static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    public static Optional<Map<String, Object>> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(kind(o)) && name.equals(name(o)))
                .findFirst();
    }
}
