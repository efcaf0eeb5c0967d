package dev.parley.issuer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.parley.testsupport.OidcLogin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Signs users in over real HTTP as the browser client and the test clients do, and checks what the tokens say.
 * The issuer is set to a host that is not the one the test calls, to show that {@code iss} is the configured value.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.security.oauth2.authorizationserver.issuer=" + DevIssuerIT.ISSUER)
class DevIssuerIT {

    static final String ISSUER = "http://issuer.parley.test:9000";

    private static final URI REDIRECT_URI = URI.create("http://127.0.0.1/test-callback");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    @LocalServerPort
    private int port;

    private OidcLogin login;

    @BeforeEach
    void setUp() {
        this.login = new OidcLogin(base(), "parley-web", REDIRECT_URI);
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void loginWhenCredentialsAreRightThenAccessTokenCarriesIssuerAudienceAndProfile() {
        OidcLogin.Tokens tokens = this.login.login("alice", "alice-pass");

        JsonNode claims = payload(tokens.accessToken());
        assertThat(claims.path("iss").asString()).isEqualTo(ISSUER);
        assertThat(strings(claims.path("aud"))).contains("parley").doesNotContain("parley-web");
        assertThat(claims.path("sub").asString()).isEqualTo("alice");
        assertThat(claims.path("email").asString()).isEqualTo("alice@parley.test");
        assertThat(claims.path("name").asString()).isEqualTo("Alice Liddell");
        assertThat(claims.path("preferred_username").asString()).isEqualTo("alice");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isCloseTo(1800L, within(5L));
        assertThat(tokens.expiresIn()).isCloseTo(1800L, within(5L));
        assertThat(tokens.toString()).doesNotContain(tokens.accessToken());
    }

    @Test
    void loginWhenCredentialsAreRightThenIdTokenNamesTheUserForTheClient() {
        OidcLogin.Tokens tokens = this.login.login("bob", "bob-pass");

        JsonNode claims = payload(tokens.idToken());
        assertThat(claims.path("iss").asString()).isEqualTo(ISSUER);
        assertThat(strings(claims.path("aud"))).containsExactly("parley-web");
        assertThat(claims.path("sub").asString()).isEqualTo("bob");
        assertThat(claims.path("name").asString()).isEqualTo("Bob Builder");
        assertThat(claims.path("email").asString()).isEqualTo("bob@parley.test");
        assertThat(claims.path("nonce").isMissingNode()).isFalse();
    }

    @Test
    void loginWhenPasswordIsWrongThenRefusedWithoutRetrying() {
        assertThatThrownBy(() -> this.login.login("alice", "not-her-password"))
            .isInstanceOf(IllegalStateException.class)
            .isInstanceOf(OidcLogin.LoginRefusedException.class)
            .hasMessage("login refused for alice");
    }

    @Test
    void loginWhenUserIsUnknownThenRefused() {
        assertThatThrownBy(() -> this.login.login("mallory", "alice-pass")).hasMessage("login refused for mallory");
    }

    @Test
    void jwksWhenFetchedThenServesTheKeyThatSignedTheToken() throws Exception {
        String token = this.login.login("carol", "carol-pass").accessToken();
        String kid = json(decode(token.split("\\.")[0])).path("kid").asString();

        HttpResponse<String> jwks = get("/oauth2/jwks", "application/json");

        assertThat(jwks.statusCode()).isEqualTo(200);
        List<String> kids = new ArrayList<>();
        json(jwks.body()).path("keys").forEach((key) -> kids.add(key.path("kid").asString()));
        assertThat(kids).containsExactly(kid);
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void discoveryWhenFetchedThenNamesTheConfiguredIssuer() throws Exception {
        HttpResponse<String> discovery = get("/.well-known/openid-configuration", "application/json");

        assertThat(discovery.statusCode()).isEqualTo(200);
        JsonNode document = json(discovery.body());
        assertThat(document.path("issuer").asString()).isEqualTo(ISSUER);
        assertThat(document.path("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
    }

    @Test
    void clientCredentialsWhenServiceClientAsksThenTokenHasAudienceAndScopesButNoProfile() {
        String token = this.login.clientCredentials("parley-service", "parley-service-secret", "chat.read chat.write");

        JsonNode claims = payload(token);
        assertThat(claims.path("sub").asString()).isEqualTo("parley-service");
        assertThat(strings(claims.path("aud"))).contains("parley");
        assertThat(strings(claims.path("scope"))).containsExactlyInAnyOrder("chat.read", "chat.write");
        assertThat(claims.has("email")).isFalse();
    }

    @Test
    void clientCredentialsWhenSecretIsWrongThenRefused() {
        assertThatThrownBy(() -> this.login.clientCredentials("parley-service", "wrong", "chat.read"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("HTTP 401");
    }

    @Test
    void tokenEndpointWhenPreflightedFromGatewayOriginThenCorsAllowsIt() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(base().resolve("/oauth2/token"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "http://localhost:8080")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
    }

    @Test
    void tokenEndpointWhenPreflightedFromAnotherOriginThenCorsRefusesIt() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(base().resolve("/oauth2/token"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "http://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void loginWhenManyUsersSignInConcurrentlyThenEveryLoginSucceeds() throws Exception {
        List<Future<OidcLogin.Tokens>> logins = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String user = List.of("alice", "bob", "carol").get(i % 3);
            logins.add(POOL.submit(() -> this.login.login(user, user + "-pass")));
        }
        for (Future<OidcLogin.Tokens> pending : logins) {
            assertThat(payload(pending.get(30, TimeUnit.SECONDS).accessToken()).path("iss").asString())
                .isEqualTo(ISSUER);
        }
    }

    @Test
    void healthWhenProbedThenLivenessAndReadinessAreUp() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> health = get(path, "application/json");
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(json(health.body()).path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void authorizeWhenNotSignedInAndBrowserNavigatesThenRedirectedToLoginPage() throws Exception {
        HttpResponse<String> response = get("/oauth2/authorize?response_type=code&client_id=parley-web"
                + "&scope=openid&redirect_uri=http://127.0.0.1/test-callback&code_challenge_method=S256"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                (location) -> assertThat(URI.create(location).getPath()).isEqualTo("/login"));
    }

    private URI base() {
        return URI.create("http://localhost:" + this.port);
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode payload(String jwt) {
        return json(decode(jwt.split("\\.")[1]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach((value) -> values.add(value.asString()));
        }
        else if (node.isString()) {
            values.addAll(List.of(node.asString().split(" ")));
        }
        return values;
    }
}
