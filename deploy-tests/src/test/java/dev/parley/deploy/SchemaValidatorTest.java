package dev.parley.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator rejects what a typo or a wrong type produces, for every family of schema it uses. */
class SchemaValidatorTest {

    private final SchemaValidator validator = new SchemaValidator();

    @Test
    void deploymentWhenAFieldIsMisspeltThenRejected() {
        List<String> violations = validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: gateway
                spec:
                  selector:
                    matchLabels: {app: gateway}
                  template:
                    spec:
                      containers:
                        - name: gateway
                          image: parley/gateway-service
                          readinessProbe:
                            httpGet: {path: /actuator/health/readiness, port: 8080}
                            periodSecond: 5
                """);

        assertThat(violations).singleElement().asString().contains("readinessProbe", "periodSecond");
    }

    @Test
    void deploymentWhenCorrectThenAccepted() {
        assertThat(validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: gateway
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: gateway
                          lifecycle:
                            preStop:
                              sleep: {seconds: 10}
                """)).isEmpty();
    }

    @Test
    void deploymentWhenAValueHasTheWrongTypeThenRejected() {
        assertThat(validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: gateway}
                spec:
                  replicas: [three]
                """)).singleElement().asString().contains("Deployment/gateway");
    }

    @Test
    void strimziKafkaWhenAFieldIsMisspeltThenRejected() {
        assertThat(validate("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: parley-kafka}
                spec:
                  kafka:
                    listeners:
                      - {name: plain, port: 9092, type: internal, tls: false}
                  entityOperator:
                    topicOperater: {}
                """)).singleElement().asString().contains("topicOperater");
    }

    @Test
    void cloudNativePgClusterWhenAFieldIsMisspeltThenRejected() {
        assertThat(validate("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: parley-pg}
                spec:
                  instances: 3
                  storage: {sise: 20Gi}
                """)).singleElement().asString().contains("sise");
    }

    @Test
    void cloudNativePgClusterWhenCorrectThenAccepted() {
        assertThat(validate("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: parley-pg}
                spec:
                  instances: 3
                  storage: {size: 20Gi}
                  bootstrap:
                    initdb: {database: parley_room, owner: parley}
                """)).isEmpty();
    }

    @Test
    void objectWhenItsKindHasNoSchemaThenRejected() {
        assertThat(validate("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """)).singleElement().asString().contains("no schema for example.com/v1/Widget");
    }

    @Test
    void overlayWhenAPatchMisspellsAFieldThenItsRenderIsRejected(@TempDir Path directory) throws IOException {
        Path dev = Manifests.deployDirectory().resolve("overlays/dev");
        Files.writeString(directory.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                patches:
                  - target: {kind: Deployment, name: chat-service}
                    patch: |-
                      - op: add
                        path: /spec/template/spec/terminationGracePeriod
                        value: 30
                """.formatted(directory.relativize(dev)));

        List<ObjectNode> objects = Manifests.render(directory);

        assertThat(objects.stream().flatMap(object -> validator.violations(object).stream()))
                .singleElement().asString().contains("Deployment/chat-service", "terminationGracePeriod");
    }

    private List<String> validate(String yaml) {
        return validator.violations(Manifests.parse(yaml).get(0));
    }
}
