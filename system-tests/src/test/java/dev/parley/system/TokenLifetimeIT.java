package dev.parley.system;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket outlives its access token: at expiry the client is told and has a grace period (2 s in the test
 * system) to hand over a renewed token in band; otherwise it is closed with 4004. Tokens here come from the dev
 * issuer's test client, whose tokens live 3 seconds.
 */
class TokenLifetimeIT {

    private static RunningSystem parley;

    @BeforeAll
    static void start() {
        parley = RunningSystem.get();
    }

    @Test
    void aConnectionWhoseTokenExpiresIsWarnedAndThenClosedWith4004() {
        try (ProtocolClient client = ProtocolClient.connect(parley.webSocket(0))) {
            assertThat(type(client.signIn(parley.shortLivedAccessToken("alice")))).isEqualTo("ready");
            JsonNode warning = client.await(frame -> "TOKEN_EXPIRED".equals(text(frame, "code")), Duration.ofSeconds(15));
            assertThat(warning.get("retryable").asBoolean()).isTrue();
            assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(4004);
        }
    }

    @Test
    void aTokenRenewedInBandDuringTheGraceKeepsTheConnectionOpen() throws InterruptedException {
        try (ProtocolClient client = ProtocolClient.connect(parley.webSocket(0))) {
            client.signIn(parley.shortLivedAccessToken("alice"));
            client.await(frame -> "TOKEN_EXPIRED".equals(text(frame, "code")), Duration.ofSeconds(15));
            client.send("type", "auth", "ref", "renew", "token", parley.accessToken("alice"));
            assertThat(type(client.reply("renew"))).isEqualTo("auth.refreshed");
            Thread.sleep(4_000);
            assertThat(client.isClosed()).as("still open after the grace period").isFalse();
            client.send("type", "rooms.list", "ref", "list");
            assertThat(type(client.reply("list"))).isEqualTo("rooms");
        }
    }

    @Test
    void aRenewedTokenForAnotherUserClosesTheConnection() {
        try (ProtocolClient client = ProtocolClient.connect(parley.webSocket(0))) {
            client.signIn(parley.accessToken("alice"));
            client.send("type", "auth", "ref", "swap", "token", parley.accessToken("bob"));
            assertThat(text(client.reply("swap"), "code")).isEqualTo("FORBIDDEN");
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4503);
        }
    }
}
