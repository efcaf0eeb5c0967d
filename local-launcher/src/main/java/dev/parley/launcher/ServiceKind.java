package dev.parley.launcher;

import java.util.List;

/** The kinds of child process, with the Maven module that builds each one and how to tell that it is ready. */
enum ServiceKind {

    ISSUER("dev-issuer", "dev-issuer", List.of("/.well-known/openid-configuration")),
    // NOTE: readiness first; plain health as a fallback so a service without the probe group still counts as up.
    ROOM("room-service", "room-service", List.of("/actuator/health/readiness", "/actuator/health")),
    CHAT("chat-service", "chat-service", List.of("/actuator/health/readiness", "/actuator/health")),
    GATEWAY("gateway-service", "gateway", List.of("/actuator/health/readiness", "/actuator/health"));

    private final String module;

    private final String instancePrefix;

    private final List<String> healthPaths;

    ServiceKind(String module, String instancePrefix, List<String> healthPaths) {
        this.module = module;
        this.instancePrefix = instancePrefix;
        this.healthPaths = healthPaths;
    }

    String module() {
        return module;
    }

    List<String> healthPaths() {
        return healthPaths;
    }

    /** "dev-issuer" for the single issuer, "gateway-2", "chat-service-1"... for the scalable services. */
    String instanceName(int index) {
        return this == ISSUER ? instancePrefix : instancePrefix + "-" + index;
    }
}
