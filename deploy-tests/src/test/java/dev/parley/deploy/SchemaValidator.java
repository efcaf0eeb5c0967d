package dev.parley.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Validates one Kubernetes object against the schema of its {@code apiVersion} and {@code kind}, strictly: a field
 * the schema does not know is an error, as is a value of the wrong type or an object of a kind we have no schema for.
 *
 * <p>Kubernetes and Strimzi kinds are read into their typed models (fabric8 kubernetes-model, Strimzi's api module).
 * Those models keep unknown fields in an {@code additionalProperties} map instead of failing, so after reading, every
 * such map in the object graph must be empty. CloudNativePG publishes no Java model: its kinds are checked against
 * JSON schemas in src/test/resources/schemas, transcribed from its CRDs for the fields deploy/ uses, with
 * {@code additionalProperties: false} throughout.
 */
final class SchemaValidator {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    private static final Map<String, String> JSON_SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "/schemas/cnpg-cluster.json",
            "postgresql.cnpg.io/v1/Database", "/schemas/cnpg-database.json");

    // NOTE: io.fabric8 as a whole, because Strimzi's kinds extend the client's CustomResource, which holds spec and status.
    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.", "io.strimzi.api.");

    private final ObjectMapper mapper = new ObjectMapper();

    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** What is wrong with {@code object}; empty when it fits its schema. */
    List<String> violations(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = Manifests.describe(object);
        if (MODELS.containsKey(type)) {
            return againstModel(object, MODELS.get(type), name);
        }
        if (JSON_SCHEMAS.containsKey(type)) {
            return againstJsonSchema(object, JSON_SCHEMAS.get(type), name);
        }
        return List.of(name + ": no schema for " + type + " (add one to SchemaValidator)");
    }

    private List<String> againstModel(JsonNode object, Class<?> model, String name) {
        Object typed;
        try {
            typed = mapper.treeToValue(object, model);
        }
        catch (JsonProcessingException ex) {
            return List.of(name + ": " + ex.getOriginalMessage());
        }
        List<String> violations = new ArrayList<>();
        collectUnknownFields(typed, name, violations);
        return violations;
    }

    private List<String> againstJsonSchema(JsonNode object, String resource, String name) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            JsonSchema schema = schemas.getSchema(in);
            return schema.validate(object).stream().map(ValidationMessage::getMessage).sorted()
                    .map(message -> name + ": " + message).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void collectUnknownFields(Object value, String path, List<String> violations) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", violations);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> collectUnknownFields(item, path + "." + key, violations));
            return;
        }
        if (value == null || !isModel(value.getClass())) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && isModel(type); type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                        violations.add(path + ": unknown field(s) " + unknown.keySet());
                    }
                }
                else {
                    collectUnknownFields(fieldValue, path + "." + field.getName(), violations);
                }
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        return !type.isEnum() && MODEL_PACKAGES.stream().anyMatch(type.getName()::startsWith);
    }

    private static Object read(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("cannot read " + field, ex);
        }
    }
}
