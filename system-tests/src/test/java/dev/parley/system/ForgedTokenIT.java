package dev.parley.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeTypeUtils;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.parley.testsupport.ProtocolClient;
import io.rsocket.metadata.WellKnownMimeType;

import static dev.parley.testsupport.ProtocolClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kind of bad token is refused by each service on its own: by the gateway's WebSocket sign-in, and by
 * room-service and chat-service when called over RSocket directly, past the gateway.
 */
class ForgedTokenIT {

    private static RunningSystem parley;

    private static RSAKey issuerKey;

    private static RSocketRequester roomService;

    private static RSocketRequester chatService;

    @BeforeAll
    static void connect() throws Exception {
        parley = RunningSystem.get();
        parley.accessToken("alice");
        issuerKey = RSAKey.parse(Files.readString(parley.issuerKeyFile(), StandardCharsets.UTF_8));
        roomService = parley.rsocket("room-service-1", "PARLEY_ROOM_RSOCKET_PORT");
        chatService = parley.rsocket("chat-service-1", "PARLEY_CHAT_RSOCKET_PORT");
    }

    @AfterAll
    static void disconnect() {
        roomService.dispose();
        chatService.dispose();
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                Arguments.of("alg none", (Function<JWTClaimsSet.Builder, String>) claims -> unsigned(claims.build())),
                Arguments.of("HS256 keyed with the issuer's public key",
                        (Function<JWTClaimsSet.Builder, String>) ForgedTokenIT::hmacWithPublicKey),
                Arguments.of("unknown kid", (Function<JWTClaimsSet.Builder, String>) ForgedTokenIT::foreignKey),
                Arguments.of("wrong issuer", signedWith(claims -> claims.issuer("http://evil.example"))),
                Arguments.of("wrong audience", signedWith(claims -> claims.audience("someone-else"))),
                Arguments.of("expired", signedWith(claims -> claims.expirationTime(ago(Duration.ofMinutes(5))))),
                Arguments.of("not yet valid", signedWith(claims -> claims.notBeforeTime(
                        Date.from(Instant.now().plus(Duration.ofMinutes(5)))))),
                Arguments.of("tampered payload", (Function<JWTClaimsSet.Builder, String>) ForgedTokenIT::tampered));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void theGatewayRefusesIt(String kind, Function<JWTClaimsSet.Builder, String> forge) {
        try (ProtocolClient client = ProtocolClient.connect(parley.webSocket(0))) {
            assertThat(text(client.signIn(forge.apply(validClaims())), "code")).isEqualTo("TOKEN_INVALID");
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4501);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void roomServiceRefusesItOverRSocket(String kind, Function<JWTClaimsSet.Builder, String> forge) {
        String token = forge.apply(validClaims());
        assertThatThrownBy(() -> roomService.route("users.me").metadata(new BearerTokenMetadata(token), AUTH)
                .retrieveMono(String.class).block(Duration.ofSeconds(10)))
                .hasMessageStartingWith("TOKEN_INVALID");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void chatServiceRefusesItOverRSocket(String kind, Function<JWTClaimsSet.Builder, String> forge) {
        String token = forge.apply(validClaims());
        assertThatThrownBy(() -> chatService.route("messages.{roomId}.history", UUID.randomUUID())
                .metadata(new BearerTokenMetadata(token), AUTH)
                .data("{\"beforeSeq\":null,\"limit\":10}")
                .retrieveMono(String.class).block(Duration.ofSeconds(10)))
                .hasMessageStartingWith("TOKEN_INVALID");
    }

    /** The control: the same claims, correctly signed, are accepted — so the refusals above are about the forgery. */
    @Test
    void aCorrectlySignedTokenWithTheSameClaimsIsAccepted() {
        String token = sign(validClaims().build(), issuerKey);
        try (ProtocolClient client = ProtocolClient.connect(parley.webSocket(0))) {
            assertThat(ProtocolClient.type(client.signIn(token))).isEqualTo("ready");
        }
        assertThat(roomService.route("users.me").metadata(new BearerTokenMetadata(token), AUTH)
                .retrieveMono(String.class).block(Duration.ofSeconds(10))).contains("\"id\":\"alice\"");
    }

    private static final org.springframework.util.MimeType AUTH = MimeTypeUtils
            .parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());


    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(parley.system().issuerUri().toString())
                .subject("alice")
                .audience("parley")
                .claim("name", "Alice Liddell")
                .claim("email", "alice@parley.test")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static Function<JWTClaimsSet.Builder, String> signedWith(Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
        return claims -> sign(change.apply(claims).build(), issuerKey);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String hmacWithPublicKey(JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(),
                    claims.build());
            jwt.sign(new MACSigner(issuerKey.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String foreignKey(JWTClaimsSet.Builder claims) {
        try {
            return sign(claims.build(), new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate());
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tampered(JWTClaimsSet.Builder claims) {
        String[] parts = sign(claims.build(), issuerKey).split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"bob\"");
        return parts[0] + "." + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static Date ago(Duration duration) {
        return Date.from(Instant.now().minus(duration));
    }
}
