package dev.parley.gateway.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.parley.gateway.socket.SocketProperties;

/** Serves the web client's sign-in settings, so one build of the client works against any issuer. */
@RestController
class WebClientConfigController {

    private final WebClientConfig config;

    WebClientConfigController(WebClientProperties web, SocketProperties socket) {
        this.config = new WebClientConfig(web.authority().toString(), web.clientId(), web.audience(), web.scope(),
                socket.path());
    }

    @GetMapping("/config.json")
    WebClientConfig config() {
        return config;
    }

    /** The JSON document the browser reads at start-up. */
    record WebClientConfig(String authority, String clientId, String audience, String scope, String webSocketPath) {
    }
}
