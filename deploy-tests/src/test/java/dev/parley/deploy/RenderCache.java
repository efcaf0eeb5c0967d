package dev.parley.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders each directory once per test run: a render takes about a second, and several tests read each overlay. */
final class RenderCache {

    private static final Map<Path, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private RenderCache() {
    }

    /** The rendered objects of {@code directory}; callers must not modify them. */
    static List<ObjectNode> render(Path directory) {
        return RENDERED.computeIfAbsent(directory, Manifests::render);
    }
}
