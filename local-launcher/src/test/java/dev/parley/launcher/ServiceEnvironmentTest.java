package dev.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private final PortPlan ports = new PortPlan(9100, List.of(8180, 8190), List.of(7101), List.of(8181),
            List.of(7102, 7112), List.of(8182, 8192));

    private final ServiceEnvironment environment = new ServiceEnvironment(ports,
            new DatabaseSettings("127.0.0.1", 5433, "postgres", "", "t1_room", "t1_chat"), "127.0.0.1:19092",
            "parley", 4242);

    @Test
    void everyInstanceLearnsTheIssuerDatabaseKafkaAndAllServiceInstances() {
        Map<String, String> env = environment.forInstance(ServiceKind.GATEWAY, 2);

        assertThat(env).containsEntry("PARLEY_ISSUER_URI", "http://localhost:9100")
            .containsEntry("PARLEY_JWK_SET_URI", "http://localhost:9100/oauth2/jwks")
            .containsEntry("PARLEY_AUDIENCE", "parley")
            .containsEntry("PARLEY_DB_HOST", "127.0.0.1")
            .containsEntry("PARLEY_DB_PORT", "5433")
            .containsEntry("PARLEY_DB_USER", "postgres")
            .containsEntry("PARLEY_DB_PASSWORD", "")
            .containsEntry("PARLEY_ROOM_DB", "t1_room")
            .containsEntry("PARLEY_CHAT_DB", "t1_chat")
            .containsEntry("PARLEY_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
            .containsEntry("PARLEY_ROOM_SERVICE_URIS", "tcp://127.0.0.1:7101")
            .containsEntry("PARLEY_CHAT_SERVICE_URIS", "tcp://127.0.0.1:7102,tcp://127.0.0.1:7112")
            .containsEntry("PARLEY_PARENT_PID", "4242")
            .containsEntry("PARLEY_INSTANCE_NAME", "gateway-2");
    }

    @Test
    void eachInstanceGetsOnlyItsOwnPorts() {
        assertThat(environment.forInstance(ServiceKind.GATEWAY, 2)).containsEntry("PARLEY_GATEWAY_PORT", "8190")
            .doesNotContainKeys("PARLEY_CHAT_RSOCKET_PORT", "PARLEY_ROOM_HTTP_PORT");
        assertThat(environment.forInstance(ServiceKind.CHAT, 2)).containsEntry("PARLEY_CHAT_RSOCKET_PORT", "7112")
            .containsEntry("PARLEY_CHAT_HTTP_PORT", "8192")
            .doesNotContainKey("PARLEY_GATEWAY_PORT");
        assertThat(environment.forInstance(ServiceKind.ROOM, 1)).containsEntry("PARLEY_ROOM_RSOCKET_PORT", "7101")
            .containsEntry("PARLEY_ROOM_HTTP_PORT", "8181");
        assertThat(environment.forInstance(ServiceKind.ISSUER, 1)).containsEntry("PARLEY_ISSUER_PORT", "9100")
            .containsEntry("PARLEY_INSTANCE_NAME", "dev-issuer");
    }

    @Test
    void issuerAcceptsCallbacksOfEveryGatewayUnderBothHostNamesAndTheTestCallback() {
        String redirects = environment.forInstance(ServiceKind.ISSUER, 1).get("PARLEY_ISSUER_REDIRECT_URIS");

        assertThat(redirects.split(",")).containsExactlyInAnyOrder(
                "http://localhost:8180/callback.html", "http://127.0.0.1:8180/callback.html",
                "http://localhost:8180/silent-renew.html", "http://127.0.0.1:8180/silent-renew.html",
                "http://localhost:8190/callback.html", "http://127.0.0.1:8190/callback.html",
                "http://localhost:8190/silent-renew.html", "http://127.0.0.1:8190/silent-renew.html",
                "http://127.0.0.1/test-callback");
    }

    @Test
    void healthIsPolledOnEachInstancesHttpPort() {
        assertThat(environment.httpPort(ServiceKind.ISSUER, 1)).isEqualTo(9100);
        assertThat(environment.httpPort(ServiceKind.GATEWAY, 2)).isEqualTo(8190);
        assertThat(environment.httpPort(ServiceKind.ROOM, 1)).isEqualTo(8181);
        assertThat(environment.httpPort(ServiceKind.CHAT, 2)).isEqualTo(8192);
    }
}
