package dev.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository root: the directory whose pom.xml lists the gateway-service module. */
final class HomeDirectory {

    private static final String MARKER = "<module>gateway-service</module>";

    private HomeDirectory() {
    }

    /** {@code start} or the nearest of its ancestors that is the repository root. */
    static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static Path findOrFail(Path start) {
        return find(start).orElseThrow(() -> new IllegalStateException("No Parley repository root (a pom.xml with "
                + MARKER + ") at or above " + start.toAbsolutePath() + "; run from the repository or set PARLEY_HOME"));
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains(MARKER);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }
}
