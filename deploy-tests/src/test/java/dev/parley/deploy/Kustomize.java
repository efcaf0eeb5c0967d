package dev.parley.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization directory with the machine's {@code kubectl kustomize} or {@code kustomize build}. */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** The rendered multi-document YAML of {@code directory}; fails with kustomize's own message on an error. */
    static String render(Path directory) {
        List<String> command = new ArrayList<>(command());
        command.add(directory.toAbsolutePath().toString());
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
                // NOTE: read stdout before waiting, or a large render fills the pipe and the process never ends.
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(stderr));
                }
                return out;
            }
            finally {
                Files.deleteIfExists(stderr);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, ex);
        }
    }

    private static List<String> command() {
        // NOTE: kubectl carries kustomize since 1.14 (v5 since kubectl 1.27); a standalone kustomize works as well.
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return List.of(kubectl.get().toString(), "kustomize");
        }
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return List.of(kustomize.get().toString(), "build");
        }
        throw new IllegalStateException("neither kubectl nor kustomize is on the PATH; install kubectl 1.27+ or "
                + "kustomize v5 (docs/operations.md, \"Checking the manifests\")");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
