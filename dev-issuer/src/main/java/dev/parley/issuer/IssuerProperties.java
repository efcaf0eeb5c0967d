package dev.parley.issuer;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the development issuer. Every value has a default in code; an empty value (as an unset environment
 * variable placeholder yields) also means the default.
 *
 * @param audience entries of the access tokens' {@code aud} claim (resource servers require {@code parley})
 * @param accessTokenTtl lifetime of access tokens
 * @param redirectUris redirect URIs registered for the public browser client
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to
 * @param allowedOrigins browser origins allowed to call the token, JWKS, userinfo and discovery endpoints
 * @param keyFile file holding the RSA signing key as a JWK; empty means a fresh key per run
 * @param webClientId client id of the public browser client
 * @param serviceClient the confidential client for service-to-service calls
 * @param users the demo users who can sign in
 */
@ConfigurationProperties("parley.issuer")
record IssuerProperties(List<String> audience, Duration accessTokenTtl, List<URI> redirectUris,
        List<URI> postLogoutRedirectUris, List<String> allowedOrigins, String keyFile, String webClientId,
        ServiceClient serviceClient, List<DemoUser> users) {

    static final List<URI> DEFAULT_REDIRECT_URIS = uris("http://localhost:8080/callback.html",
            "http://127.0.0.1:8080/callback.html", "http://localhost:8080/silent-renew.html",
            "http://127.0.0.1:8080/silent-renew.html", "http://127.0.0.1/test-callback");

    static final List<DemoUser> DEFAULT_USERS = List.of(
            new DemoUser("alice", "alice-pass", "Alice Liddell", "alice@parley.test"),
            new DemoUser("bob", "bob-pass", "Bob Builder", "bob@parley.test"),
            new DemoUser("carol", "carol-pass", "Carol Danvers", "carol@parley.test"));

    IssuerProperties {
        audience = orDefault(audience, List.of("parley"));
        accessTokenTtl = (accessTokenTtl != null) ? accessTokenTtl : Duration.ofMinutes(30);
        redirectUris = orDefault(redirectUris, DEFAULT_REDIRECT_URIS);
        postLogoutRedirectUris = orDefault(postLogoutRedirectUris,
                uris("http://localhost:8080/", "http://127.0.0.1:8080/"));
        allowedOrigins = orDefault(allowedOrigins, List.of("http://localhost:8080", "http://127.0.0.1:8080"));
        keyFile = (keyFile != null) ? keyFile.strip() : "";
        webClientId = (webClientId != null && !webClientId.isBlank()) ? webClientId.strip() : "parley-web";
        serviceClient = (serviceClient != null) ? serviceClient : ServiceClient.DEFAULT;
        users = orDefault(users, DEFAULT_USERS);
        if (audience.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("parley.issuer.audience must not contain blank entries");
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("parley.issuer.access-token-ttl must be positive");
        }
        if (redirectUris.stream().anyMatch((uri) -> !uri.isAbsolute())) {
            throw new IllegalArgumentException("parley.issuer.redirect-uris must be absolute URIs");
        }
        if (users.stream().map(DemoUser::username).distinct().count() != users.size()) {
            throw new IllegalArgumentException("parley.issuer.users must have distinct usernames");
        }
    }

    /** The demo user named {@code username}, if any. */
    DemoUser user(String username) {
        return users.stream().filter((user) -> user.username().equals(username)).findFirst().orElse(null);
    }

    private static <T> List<T> orDefault(List<T> values, List<T> defaults) {
        return (values == null || values.isEmpty()) ? defaults : List.copyOf(values);
    }

    private static List<URI> uris(String... values) {
        return Arrays.stream(values).map(URI::create).toList();
    }

    /**
     * A user who can sign in on the login page.
     *
     * @param username the login name and the tokens' {@code sub}
     * @param password the password, kept in plain text because this issuer is for development only
     * @param name the display name ({@code name} claim)
     * @param email the {@code email} claim
     */
    record DemoUser(String username, String password, String name, String email) {

        DemoUser {
            require(username, "username");
            require(password, "password");
            require(name, "name");
            require(email, "email");
        }

        @Override
        public String toString() {
            return "DemoUser[" + username + "]";
        }
    }

    /**
     * A confidential client that gets tokens with the client-credentials grant.
     *
     * @param clientId the client id
     * @param secret the client secret
     * @param scopes the scopes it may ask for
     */
    record ServiceClient(String clientId, String secret, List<String> scopes) {

        /**
         * The service API's scopes, metrics.read for a Prometheus scraping the services, and chat.relay for the
         * gateways' room relays. NOTE: one client for all three only here, on a developer's machine; in production the
         * gateways' client is the only one with chat.relay (docs/operations.md).
         */
        static final List<String> DEFAULT_SCOPES = List.of("chat.read", "chat.write", "metrics.read", "chat.relay");

        static final ServiceClient DEFAULT = new ServiceClient("parley-service", "parley-service-secret",
                DEFAULT_SCOPES);

        ServiceClient {
            require(clientId, "service-client.client-id");
            require(secret, "service-client.secret");
            scopes = (scopes == null || scopes.isEmpty()) ? DEFAULT_SCOPES : List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "ServiceClient[" + clientId + ", " + scopes + "]";
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parley.issuer." + name + " must not be blank");
        }
    }
}
