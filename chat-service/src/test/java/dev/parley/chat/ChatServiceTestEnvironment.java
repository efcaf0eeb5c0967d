package dev.parley.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testsupport.SharedKafka;
import dev.parley.testsupport.TestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context every chat-service integration test shares: a fresh database on the local PostgreSQL, the
 * JVM's embedded Kafka broker, a local JWKS endpoint with a test signing key, and a fake room-service membership
 * (the only stand-in: it is a neighbour service).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.rsocket.server.port=0")
@Import(FakeRoomServiceConfiguration.class)
public abstract class ChatServiceTestEnvironment {

    public static final String ISSUER = "http://issuer.test";

    public static final String AUDIENCE = "parley";

    /** Room members as the fake room-service knows them: "roomId/userId". */
    static final Set<String> MEMBERS = ConcurrentHashMap.newKeySet();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        TestDatabase database = Fixtures.DATABASE;
        registry.add("spring.r2dbc.url", database::r2dbcUrl);
        registry.add("spring.r2dbc.username", database::user);
        registry.add("spring.r2dbc.password", database::password);
        registry.add("spring.flyway.url", database::jdbcUrl);
        registry.add("spring.flyway.user", database::user);
        registry.add("spring.flyway.password", database::password);
        registry.add("parley.chat.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        registry.add("parley.chat.jwt.issuer-uri", () -> ISSUER);
        registry.add("parley.chat.jwt.jwk-set-uri", () -> Fixtures.JWKS_URI);
        registry.add("parley.chat.jwt.audience", () -> AUDIENCE);
        // NOTE: nothing listens here; the fake membership bean answers instead of room-service.
        registry.add("parley.chat.membership.room-service-uris", () -> "tcp://127.0.0.1:1");
    }

    protected static UUID newRoomWith(String... members) {
        UUID room = UUID.randomUUID();
        for (String member : members) {
            MEMBERS.add(room + "/" + member);
        }
        return room;
    }

    /** A token signed with the test key, as the issuer would mint it. */
    protected static String accessToken(String subject, String name) {
        return sign(claims(subject).claim("name", name).build());
    }

    /** A client-credentials token: the client as subject, these scopes (space-separated), no name. */
    protected static String serviceToken(String clientId, String scope) {
        return sign(claims(clientId).claim("scope", scope).build());
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(List.of(AUDIENCE))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(Fixtures.KEY.getKeyID()).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(Fixtures.KEY));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The decoded form a controller would receive. */
    protected static Jwt jwt(String subject, String name) {
        return Jwt.withTokenValue(accessToken(subject, name)).header("alg", "RS256").subject(subject)
                .claim("name", name).issuer(ISSUER).audience(List.of(AUDIENCE)).build();
    }

    /** Created once per test JVM, dropped when it exits. */
    private static final class Fixtures {

        static final TestDatabase DATABASE = TestDatabase.create("chat_it");

        static final RSAKey KEY;

        static final String JWKS_URI;

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(DATABASE::drop, "chat-it-db-drop"));
            try {
                KEY = new RSAKeyGenerator(2048).keyID("test-key").generate();
                byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/jwks", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(jwks);
                    }
                });
                server.setExecutor(null);
                server.start();
                JWKS_URI = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
            }
            catch (JOSEException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
