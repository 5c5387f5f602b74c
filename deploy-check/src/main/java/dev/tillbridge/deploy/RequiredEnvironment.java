package dev.tillbridge.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a deployment of one service must set, derived from the service's own files:
 * <ul>
 * <li>{@code application.properties}: every {@code ${ENV_NAME}} reference, and every setting of the default
 * (production) profile whose value only suits a developer's machine — empty, {@code localhost}/{@code 127.0.0.1},
 * a {@code .local} address, or a path built from another setting ({@code ${...}}) — named as MicroProfile Config
 * maps it to an environment variable;</li>
 * <li>{@code README.md}: every variable of a settings table (a column headed "env") whose default is empty, "–",
 * "none" or "required".</li>
 * </ul>
 */
public final class RequiredEnvironment {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*[A-Z0-9]");
    private static final Pattern DEV_ONLY_VALUE =
            Pattern.compile("^$|localhost|127\\.0\\.0\\.1|\\.local\\b|\\.local>|\\$\\{");

    private RequiredEnvironment() {}

    /** Variable name → why it is required, for the module in {@code moduleDir}. */
    public static Map<String, String> of(Path moduleDir) {
        Map<String, String> required = new TreeMap<>();
        Path properties = moduleDir.resolve("src/main/resources/application.properties");
        if (Files.exists(properties)) {
            required.putAll(fromProperties(readString(properties)));
        }
        Path readme = moduleDir.resolve("README.md");
        if (Files.exists(readme)) {
            fromReadme(readString(readme)).forEach(required::putIfAbsent);
        }
        return required;
    }

    public static Map<String, String> fromProperties(String text) {
        Map<String, String> required = new TreeMap<>();
        Matcher reference = ENV_REFERENCE.matcher(text);
        while (reference.find()) {
            required.put(reference.group(1), "application.properties reads ${" + reference.group(1) + "}");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue; // dev and test profiles are not deployed
            }
            String value = properties.getProperty(key).trim();
            if (DEV_ONLY_VALUE.matcher(value).find()) {
                required.put(
                        envName(key),
                        "application.properties: " + key + "=" + value + " only suits a developer's machine");
            }
        }
        return required;
    }

    public static Map<String, String> fromReadme(String markdown) {
        Map<String, String> required = new TreeMap<>();
        int envColumn = -1;
        int defaultColumn = -1;
        for (String line : markdown.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("|")) {
                envColumn = -1;
                continue;
            }
            List<String> cells = cells(trimmed);
            if (envColumn < 0) {
                envColumn = indexOf(cells, "env");
                defaultColumn = indexOf(cells, "default");
                continue;
            }
            if (cells.size() <= Math.max(envColumn, defaultColumn)
                    || cells.get(envColumn).startsWith("---")) {
                continue;
            }
            String defaultValue =
                    cells.get(defaultColumn).replace("`", "").trim().toLowerCase(Locale.ROOT);
            boolean noDefault = defaultValue.isEmpty()
                    || defaultValue.equals("–")
                    || defaultValue.equals("-")
                    || defaultValue.startsWith("none")
                    || defaultValue.contains("required");
            if (!noDefault) {
                continue;
            }
            for (String token : cells.get(envColumn).replace("`", " ").split("[\\s,/]+")) {
                if (ENV_NAME.matcher(token).matches()) {
                    required.put(token, "README.md: " + token + " has no default");
                }
            }
        }
        return required;
    }

    /** MicroProfile Config's mapping of a property name to an environment variable. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static int indexOf(List<String> header, String prefix) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
