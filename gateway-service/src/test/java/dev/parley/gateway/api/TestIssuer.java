package dev.parley.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

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

/**
 * A stand-in issuer for tests: one RSA key, its JWKS served on a local port, and tokens signed with it, so the
 * gateway's real token checks (signature, iss, aud, exp, scope authorities) run unchanged.
 */
final class TestIssuer implements AutoCloseable {

    static final String ISSUER = "http://test-issuer.invalid";

    private final RSAKey key;

    private final HttpServer server;

    private TestIssuer(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    static TestIssuer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return new TestIssuer(key, server);
        }
        catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A valid access token for {@code subject} with these scopes (space-separated, as Spring Security reads them). */
    String token(String subject, String scope) {
        return sign(new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(List.of("parley"))
                .claim("scope", scope).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
    }

    /** A token that is valid in every respect except its issuer. */
    String foreignToken(String subject, String scope) {
        return sign(new JWTClaimsSet.Builder().subject(subject).issuer("http://elsewhere.invalid")
                .audience(List.of("parley")).claim("scope", scope)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
