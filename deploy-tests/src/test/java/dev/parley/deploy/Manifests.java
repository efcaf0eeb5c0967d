package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Where deploy/ is, and its rendered overlays as JSON trees. */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** The repository's deploy/ directory (set by the POM; the module's parent otherwise). */
    static Path deployDirectory() {
        return Path.of(System.getProperty("parley.deploy.dir", "../deploy")).toAbsolutePath().normalize();
    }

    /** The names of the directories under deploy/overlays. */
    static List<String> overlays() {
        try (Stream<Path> children = Files.list(deployDirectory().resolve("overlays"))) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The objects {@code kustomize} renders from {@code directory}. */
    static List<ObjectNode> render(Path directory) {
        return parse(Kustomize.render(directory));
    }

    /** The objects of a multi-document YAML text (empty documents skipped). */
    static List<ObjectNode> parse(String yaml) {
        try {
            List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
            return documents.stream().filter(JsonNode::isObject).map(ObjectNode.class::cast).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code kind/name} of an object, for messages. */
    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
