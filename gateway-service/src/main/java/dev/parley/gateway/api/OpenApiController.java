package dev.parley.gateway.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the hand-written OpenAPI description of the service API (public, like the web client's files). */
@RestController
class OpenApiController {

    // NOTE: application/yaml (RFC 9512) is not in Spring's media type table, so a static file would be served as
    // application/octet-stream.
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final Resource document = new ClassPathResource("api/openapi.yaml");

    @GetMapping("/api/openapi.yaml")
    ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(YAML).body(document);
    }
}
