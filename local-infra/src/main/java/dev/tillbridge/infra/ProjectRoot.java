package dev.tillbridge.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Finds the repository root (the folder holding {@code bin/kafka}) from a test or tool's working folder. */
final class ProjectRoot {

    private ProjectRoot() {}

    static Path find() {
        String configured = System.getProperty("tillbridge.project.root");
        if (configured != null && Files.exists(Path.of(configured, "bin", "kafka"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("bin").resolve("kafka"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Tillbridge repository root (a folder with bin/kafka) above "
                + Path.of("").toAbsolutePath());
    }

    static Path runDir() {
        String configured = System.getenv("TILLBRIDGE_RUN_DIR");
        return configured != null ? Path.of(configured) : find().resolve(".run");
    }

    /** Eight hex digits naming this checkout (a hash of its absolute path): stable across runs, distinct per clone. */
    static String checkoutTag() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(find().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
