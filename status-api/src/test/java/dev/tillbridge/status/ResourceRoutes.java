package dev.tillbridge.status;

import dev.tillbridge.status.rest.IntegrationResource;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every route status-api serves, read from its JAX-RS resource classes (every class with {@code @Path} in the
 * compiled application), so a test that walks them covers a new endpoint without being edited.
 */
final class ResourceRoutes {

    /** One method and path template, e.g. {@code POST /api/v1/integrations/{id}/orders/{entityId}/redownload}. */
    record Route(String method, String template, boolean consumesJson, boolean permitAll) {

        /** The template with {@code {id}} replaced by {@code integrationId} and any other parameter by "5". */
        String path(String integrationId) {
            return template.replace("{id}", integrationId).replaceAll("\\{[^}]+}", "5");
        }

        boolean perIntegration() {
            return template.contains("{id}");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private ResourceRoutes() {}

    static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resourceClasses()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String httpMethod = httpMethod(m);
                if (httpMethod == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String template = join(base, sub == null ? "" : sub.value());
                Consumes consumes = m.getAnnotation(Consumes.class);
                boolean json =
                        consumes != null && Arrays.stream(consumes.value()).anyMatch(t -> t.contains("json"));
                boolean permitAll =
                        resource.isAnnotationPresent(PermitAll.class) || m.isAnnotationPresent(PermitAll.class);
                routes.add(new Route(httpMethod, template, json, permitAll));
            }
        }
        routes.sort(Comparator.comparing(Route::toString));
        return routes;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The application's compiled classes (the folder holding the resources), each with a class-level {@code @Path}. */
    private static List<Class<?>> resourceClasses() {
        try {
            var source = IntegrationResource.class.getProtectionDomain().getCodeSource();
            java.nio.file.Path classes = source != null
                            && source.getLocation() != null
                            && source.getLocation().getProtocol().equals("file")
                    ? java.nio.file.Path.of(source.getLocation().toURI())
                    : java.nio.file.Path.of("target", "classes");
            if (!Files.isDirectory(classes)) {
                classes = java.nio.file.Path.of("target", "classes");
            }
            List<Class<?>> found = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")
                                && !f.getFileName().toString().contains("$"))
                        .toList()) {
                    String name = classes.relativize(file)
                            .toString()
                            .replace('/', '.')
                            .replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(name, false, IntegrationResource.class.getClassLoader());
                    if (type.isAnnotationPresent(Path.class)) {
                        found.add(type);
                    }
                }
            }
            if (found.isEmpty()) {
                throw new IllegalStateException("No resource classes under " + classes);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
