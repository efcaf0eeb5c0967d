package dev.parley.room;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in issuer for integration tests: serves one RSA key as a JWKS on a random local port and signs access
 * tokens with it. (End-to-end tests against the real dev-issuer live in system-tests.)
 */
public final class TestTokens {

    public static final String ISSUER = "http://issuer.test";

    public static final String AUDIENCE = "parley";

    private static RSAKey key;

    private static DisposableServer jwks;

    private TestTokens() {
    }

    /** The URI of the JWKS, starting the server on first use. */
    public static synchronized String jwkSetUri() {
        if (jwks == null) {
            try {
                key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            }
            catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            String body = new JWKSet(key.toPublicJWK()).toString();
            jwks = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/oauth2/jwks", (request, response) -> response
                    .header("Content-Type", "application/json")
                    .sendString(Mono.just(body))))
                .bindNow();
        }
        return "http://127.0.0.1:" + jwks.port() + "/oauth2/jwks";
    }

    /** A valid access token for the subject, with the given extra claims. */
    public static String token(String subject, Map<String, Object> claims) {
        return sign(ISSUER, AUDIENCE, subject, claims);
    }

    /** A token signed by the right key but for another audience. */
    public static String tokenForAudience(String subject, String audience) {
        return sign(ISSUER, audience, subject, Map.of());
    }

    private static String sign(String issuer, String audience, String subject, Map<String, Object> claims) {
        jwkSetUri();
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer)
            .audience(List.of(audience, "parley-web"))
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
