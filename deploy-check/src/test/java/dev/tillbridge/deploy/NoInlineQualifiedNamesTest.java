package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The style rule the formatter cannot check (Spotless formats and sorts imports in {@code bin/verify}): code names
 * a class by its simple name and imports it. A qualified name in code is allowed only where the simple name is
 * taken in that file (imported from elsewhere, or declared there), which is when a reader needs it.
 */
class NoInlineQualifiedNamesTest {

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jakarta|io|org|dev|com|net)(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+);");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern HEADER_END = Pattern.compile("(?m)^(?:import|package)\\s.*;$");

    @Test
    void codeImportsTheClassesItNames() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(Project.root())) {
            paths.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.run/"))
                    .forEach(p -> found.addAll(inlineNames(p)));
        }
        assertThat(found)
                .as("qualified names in code (import the class instead; `./mvnw spotless:apply` sorts imports)")
                .isEmpty();
    }

    @Test
    void theCheckSeesANameInCodeButNotInCommentsOrStrings() {
        String source = """
                package a.b;

                import java.util.List;

                /** See {@link java.util.Map}. */
                class C {
                    String s = "java.util.Set";
                    java.util.Optional<String> o; // java.util.Deque
                    java.util.List<String> l; // clashes with nothing: still flagged
                }
                """;
        assertThat(inlineNames(Path.of("C.java"), source))
                .containsExactly("C.java: java.util.Optional", "C.java: java.util.List");
    }

    private static List<String> inlineNames(Path file) {
        try {
            return inlineNames(Project.root().relativize(file), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> inlineNames(Path file, String source) {
        Map<String, String> imports = new HashMap<>();
        Matcher im = IMPORT.matcher(source);
        while (im.find()) {
            if (im.group(1) == null) {
                String name = im.group(2);
                imports.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        Set<String> declared = new HashSet<>();
        Matcher dm = DECLARED.matcher(source);
        while (dm.find()) {
            declared.add(dm.group(1));
        }
        int bodyStart = 0;
        Matcher hm = HEADER_END.matcher(source);
        while (hm.find()) {
            bodyStart = hm.end();
        }
        String code = codeOnly(source.substring(bodyStart));
        List<String> found = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            String qualified = m.group(1) + "." + m.group(2);
            String simple = m.group(2);
            boolean taken = (imports.containsKey(simple) && !imports.get(simple).equals(qualified))
                    || declared.contains(simple);
            if (!taken) {
                found.add(file + ": " + qualified);
            }
        }
        return found;
    }

    /** The source with comments, string, text block and character literals blanked out (same length). */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s);
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (true) {
                    int k = s.indexOf("\"\"\"", end);
                    if (k < 0) {
                        end = n;
                        break;
                    }
                    if (s.charAt(k - 1) == '\\') {
                        end = k + 1;
                        continue;
                    }
                    end = k + 3;
                    break;
                }
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < n && s.charAt(end) != quote) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, n);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }
}
