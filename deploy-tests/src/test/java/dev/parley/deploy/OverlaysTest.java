package dev.parley.deploy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay in deploy/overlays renders, fits the schemas, and keeps the rules of docs/operations.md. */
class OverlaysTest {

    private final SchemaValidator validator = new SchemaValidator();

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void devAndProductionOverlaysExist() {
        assertThat(overlays()).contains("dev", "production");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectFitsItsSchema(String overlay) {
        List<ObjectNode> objects = render(overlay);

        assertThat(objects).hasSizeGreaterThan(20);
        assertThat(objects.stream().flatMap(object -> validator.violations(object).stream())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsLockedDownProbedAndBounded(String overlay) {
        for (ObjectNode deployment : ofKind(render(overlay), "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            String name = Manifests.describe(deployment);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(name)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(security.path("capabilities").path("drop").toString()).as(name).isEqualTo("[\"ALL\"]");
                assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).as(name).contains("/tmp");
                assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).as(name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(name)
                        .isEqualTo("/actuator/health/readiness");
                JsonNode resources = container.path("resources");
                assertThat(resources.path("requests").path("memory").asText()).as(name).isNotEmpty();
                assertThat(resources.path("limits").path("memory").asText()).as(name)
                        .isEqualTo(resources.path("requests").path("memory").asText());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void gatewayDrainsBeforeItStops(String overlay) {
        JsonNode pod = byName(ofKind(render(overlay), "Deployment")).get("gateway").path("spec").path("template")
                .path("spec");
        int preStop = pod.path("containers").get(0).path("lifecycle").path("preStop").path("sleep").path("seconds")
                .asInt();
        // Spring's graceful phase (20 s in gateway-service's application.yaml) must fit after the preStop sleep.
        assertThat(preStop).isPositive();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(preStop + 20 + 5);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void gatewaysFindEveryChatServicePodThroughTheHeadlessService(String overlay) {
        List<ObjectNode> objects = render(overlay);
        JsonNode settings = ofKind(objects, "ConfigMap").stream()
                .map(map -> map.path("data"))
                .filter(data -> data.has("PARLEY_CHAT_SERVICE_URIS"))
                .findFirst().orElseThrow();
        URI chat = URI.create(settings.path("PARLEY_CHAT_SERVICE_URIS").asText());

        assertThat(settings.path("PARLEY_CHAT_SERVICE_DISCOVERY").asText()).as("a positive interval")
                .matches("[1-9][0-9]*(ms|s|m)");
        JsonNode service = byName(ofKind(objects, "Service")).get(chat.getHost());
        assertThat(service).as("Service %s", chat.getHost()).isNotNull();
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(service.path("spec").path("selector").path("app.kubernetes.io/name").asText())
                .isEqualTo("chat-service");
        assertThat(service.path("spec").path("ports").findValuesAsText("port")).contains(String.valueOf(chat.getPort()));
    }

    @Test
    void productionRunsSeveralReplicasAndNoDevIssuer() {
        List<ObjectNode> objects = render("production");
        Map<String, ObjectNode> deployments = byName(ofKind(objects, "Deployment"));
        Map<String, ObjectNode> autoscalers = byName(ofKind(objects, "HorizontalPodAutoscaler"));

        assertThat(deployments).containsOnlyKeys("gateway", "room-service", "chat-service");
        assertThat(deployments.get("room-service").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(autoscalers).containsOnlyKeys("gateway", "chat-service");
        autoscalers.values().forEach(hpa -> assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThan(1));
        assertThat(byName(ofKind(objects, "PodDisruptionBudget"))).containsOnlyKeys(deployments.keySet());
    }

    @Test
    void devRunsOneOfEachBesideTheDevIssuer() {
        List<ObjectNode> objects = render("dev");
        Map<String, ObjectNode> deployments = byName(ofKind(objects, "Deployment"));

        assertThat(deployments).containsOnlyKeys("gateway", "room-service", "chat-service", "dev-issuer");
        deployments.values().forEach(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(ofKind(objects, "HorizontalPodAutoscaler")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheIngressControllerReachesTheGateway(String overlay) {
        Map<String, ObjectNode> policies = byName(ofKind(render(overlay), "NetworkPolicy"));

        assertThat(policies).containsKeys("parley-default-deny", "gateway", "room-service", "chat-service");
        JsonNode ingress = policies.get("gateway").path("spec").path("ingress");
        assertThat(ingress.findValuesAsText("kubernetes.io/metadata.name")).containsOnly("ingress-nginx", "monitoring");
        assertThat(policies.get("chat-service").path("spec").path("ingress").findValuesAsText("app.kubernetes.io/name"))
                .containsOnly("gateway");
        assertThat(policies.get("room-service").path("spec").path("ingress").findValuesAsText("app.kubernetes.io/name"))
                .containsOnly("gateway", "chat-service");
    }

    private static List<ObjectNode> render(String overlay) {
        return RenderCache.render(Manifests.deployDirectory().resolve("overlays").resolve(overlay));
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    private static Map<String, ObjectNode> byName(List<ObjectNode> objects) {
        return objects.stream().collect(Collectors.toMap(object -> object.path("metadata").path("name").asText(),
                Function.identity()));
    }
}
