package dev.parley.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

import dev.parley.model.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written OpenAPI document stays in step with the controllers and the error vocabulary. */
class OpenApiDocumentTest {

    @Test
    void theDocumentDescribesEveryEndpointScopeAndErrorCode() throws IOException {
        Map<String, Object> document;
        try (InputStream in = new ClassPathResource("api/openapi.yaml").getInputStream()) {
            document = new Yaml().load(in);
        }
        assertThat(document).containsEntry("openapi", "3.1.0");
        Map<String, Map<String, Object>> paths = map(document.get("paths"));
        assertThat(paths.get("/api/rooms")).containsKeys("get", "post");
        assertThat(paths.get("/api/rooms/join")).containsKeys("post");
        assertThat(paths.get("/api/rooms/{roomId}/messages")).containsKeys("get", "post");
        assertThat(paths).containsKey("/api/openapi.yaml");

        Map<String, Map<String, Object>> components = map(document.get("components"));
        Map<String, Map<String, Object>> schemes = map(components.get("securitySchemes"));
        Map<String, Map<String, Object>> flows = map(schemes.get("serviceToken").get("flows"));
        assertThat(map(flows.get("clientCredentials").get("scopes"))).containsOnlyKeys("chat.read", "chat.write");

        Map<String, Map<String, Object>> schemas = map(components.get("schemas"));
        assertThat(schemas.get("ErrorCode").get("enum"))
                .isEqualTo(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Object value) {
        return (Map<String, T>) value;
    }
}
