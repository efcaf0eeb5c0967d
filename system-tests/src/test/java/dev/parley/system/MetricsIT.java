package dev.parley.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.testsupport.OidcLogin;
import dev.parley.testsupport.ProtocolClient;

import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's Prometheus scrape (docs/operations.md, "Metrics"): refused without a token that carries
 * metrics.read, and, after some chatting, holding Parley's own series beside Spring Boot's (R2DBC pool, Kafka client).
 */
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningSystem system;

    private static String scrapeToken;

    private static String chatOnlyToken;

    @BeforeAll
    static void signIn() {
        system = RunningSystem.get();
        OidcLogin issuer = new OidcLogin(system.system().issuerUri(), "parley-web",
                URI.create("http://127.0.0.1/test-callback"));
        scrapeToken = issuer.clientCredentials("parley-service", "parley-service-secret", "metrics.read");
        chatOnlyToken = issuer.clientCredentials("parley-service", "parley-service-secret", "chat.read");
    }

    @Test
    void everyServiceRefusesAScrapeWithoutTheMetricsScope() throws Exception {
        for (String service : new String[] { "gateway-1", "room-service-1", "chat-service-1" }) {
            assertThat(scrape(service, null).statusCode()).as(service).isEqualTo(401);
            assertThat(scrape(service, chatOnlyToken).statusCode()).as(service).isEqualTo(403);
        }
    }

    @Test
    void afterAChatTheScrapesHoldConnectionsFramesDeliveryDelayJoinsPostsFanoutAndPoolSeries() throws Exception {
        try (ProtocolClient alice = system.connect(0, system.accessToken("alice"));
                ProtocolClient bob = system.connect(0, system.accessToken("bob"))) {
            String roomId = ScaleOutContract.createRoom(alice, "Metrics " + UUID.randomUUID().toString().substring(0, 8));
            JsonRoom announced = JsonRoom.awaitCreated(bob, roomId);
            bob.send("type", "room.join", "ref", "wrong", "name", announced.name(), "password", "not the password");
            assertThat(bob.reply("wrong").get("code").asString()).isEqualTo("ROOM_ACCESS_DENIED");
            bob.send("type", "room.join", "ref", "right", "name", announced.name(), "password", "correct horse");
            assertThat(type(bob.reply("right"))).isEqualTo("room.joined");
            bob.send("type", "room.enter", "ref", "enter", "roomId", roomId);
            assertThat(type(bob.reply("enter"))).isEqualTo("room.entered");
            ScaleOutContract.sendReliably(alice, roomId, "m-1", "measured");
            ScaleOutContract.awaitMessage(bob, roomId, 1);

            String gateway = body(scrape("gateway-1", scrapeToken));
            assertThat(gateway).contains("parley_gateway_connections{application=\"gateway-service\"")
                    .contains("parley_gateway_relays{application=\"gateway-service\"")
                    .contains("parley_gateway_frames_in_total{application=\"gateway-service\",type=\"message.send\"}")
                    .contains("parley_gateway_frames_out_total{application=\"gateway-service\",type=\"message\"}")
                    .contains("parley_gateway_errors_total{application=\"gateway-service\",code=\"ROOM_ACCESS_DENIED\"}")
                    .contains("parley_gateway_delivery_delay_seconds_bucket");
            String room = body(scrape("room-service-1", scrapeToken));
            assertThat(room).contains("parley_room_joins_total{application=\"room-service\",outcome=\"ROOM_ACCESS_DENIED\"}")
                    .contains("parley_room_joins_total{application=\"room-service\",outcome=\"joined\"}")
                    .contains("r2dbc_pool_acquired_connections");
            String chat = body(scrape("chat-service-1", scrapeToken)) + body(scrape("chat-service-2", scrapeToken));
            assertThat(chat).contains("parley_chat_messages_posted_total")
                    .contains("parley_chat_fanout_delay_seconds_bucket")
                    .contains("kafka_consumer_fetch_manager_records_lag")
                    .contains("r2dbc_pool_acquired_connections");
        }
    }

    private static HttpResponse<String> scrape(String service, String token) throws Exception {
        int port = system.system().instance(service).httpPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The announced room's name, which a join needs. */
    private record JsonRoom(String name) {

        static JsonRoom awaitCreated(ProtocolClient client, String roomId) {
            return new JsonRoom(client.await(frame -> "room.created".equals(type(frame))
                    && roomId.equals(ProtocolClient.text(frame.get("room"), "id")), Duration.ofSeconds(30))
                    .get("room").get("name").asString());
        }
    }
}
