package dev.parley.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs a user in at the Parley issuer exactly as a browser client does: authorization code with PKCE (S256), state
 * and nonce, the issuer's login form with its CSRF field, redirects followed by hand with a cookie jar, then the code
 * exchanged at the token endpoint. Thread-safe; each login has its own cookie jar. Tokens are never logged, and
 * {@link Tokens#toString()} hides them.
 */
public final class OidcLogin {

    private static final int MAX_ATTEMPTS = 3;

    private static final int MAX_REDIRECTS = 10;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern CSRF_FIELD = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;

    private final String clientId;

    private final URI redirectUri;

    private final HttpClient http;

    /**
     * @param issuerBaseUri where the issuer listens, e.g. {@code http://localhost:9000}
     * @param clientId a public client registered with PKCE, e.g. {@code parley-web}
     * @param redirectUri a redirect URI registered for that client; nothing needs to listen there
     */
    public OidcLogin(URI issuerBaseUri, String clientId, URI redirectUri) {
        this.issuer = issuerBaseUri.toString().replaceAll("/+$", "");
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    /**
     * Signs {@code username} in and returns the tokens. A transient failure (the issuer's in-memory store has been
     * seen to fail about one exchange in a thousand under concurrent logins) is retried, up to three attempts.
     *
     * @throws LoginRefusedException if the issuer refuses the credentials (not retried)
     * @throws IllegalStateException if every attempt failed for another reason
     */
    public Tokens login(String username, String password) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return attemptLogin(username, password);
            }
            catch (LoginRefusedException ex) {
                throw ex;
            }
            catch (IOException | RuntimeException ex) {
                last = new IllegalStateException("attempt " + attempt + ": " + ex.getMessage(), ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("login interrupted for " + username, ex);
            }
        }
        throw new IllegalStateException("login failed for " + username + " after " + MAX_ATTEMPTS + " attempts", last);
    }

    /** An access token for a confidential client (client-credentials grant, client_secret_basic). */
    public String clientCredentials(String serviceClientId, String secret, String scope) {
        String basic = Base64.getEncoder()
            .encodeToString((form(serviceClientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("grant_type", "client_credentials", "scope", scope))))
            .build();
        try {
            HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "client credentials refused for " + serviceClientId + ": HTTP " + response.statusCode());
            }
            return json(response.body()).path("access_token").asString();
        }
        catch (IOException ex) {
            throw new IllegalStateException("token endpoint unreachable at " + this.issuer, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("client credentials interrupted for " + serviceClientId, ex);
        }
    }

    private Tokens attemptLogin(String username, String password) throws IOException, InterruptedException {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = randomToken(32);
        String state = randomToken(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", this.clientId);
        query.put("redirect_uri", this.redirectUri.toString());
        query.put("scope", "openid profile email");
        query.put("state", state);
        query.put("nonce", randomToken(16));
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        URI authorize = URI.create(this.issuer + "/oauth2/authorize?" + formBody(query));

        HttpResponse<String> loginPage = follow(cookies, get(authorize, cookies));
        String csrf = csrfField(loginPage);
        URI loginUri = loginPage.uri().resolve(loginPage.uri().getRawPath());
        HttpResponse<String> posted = send(cookies, HttpRequest.newBuilder(loginUri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers
                .ofString(formBody(Map.of("username", username, "password", password, "_csrf", csrf)))));
        Optional<URI> afterLogin = location(posted);
        if (afterLogin.isEmpty()) {
            throw new IOException("login form answered HTTP " + posted.statusCode() + " without a redirect");
        }
        if (afterLogin.get().getPath().endsWith("/login") && "error".equals(afterLogin.get().getQuery())) {
            throw new LoginRefusedException(username);
        }
        HttpResponse<String> toClient = follow(cookies, get(afterLogin.get(), cookies));
        Map<String, String> callback = location(toClient).filter(this::isRedirectUri)
            .map(OidcLogin::queryParameters)
            .orElseThrow(() -> new IOException("authorization ended at " + toClient.uri().getPath() + " with HTTP "
                    + toClient.statusCode() + " instead of the redirect URI"));
        if (callback.containsKey("error")) {
            throw new IOException("authorization error " + callback.get("error"));
        }
        if (!state.equals(callback.get("state"))) {
            throw new IOException("authorization response carried the wrong state");
        }
        return exchange(callback.get("code"), verifier);
    }

    private Tokens exchange(String code, String verifier) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", this.redirectUri.toString());
        form.put("client_id", this.clientId);
        form.put("code_verifier", verifier);
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
            .build();
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // NOTE: the body may hold an OAuth error but never a token here; still, keep only the status.
            throw new IOException("token endpoint answered HTTP " + response.statusCode());
        }
        JsonNode body = json(response.body());
        return new Tokens(body.path("access_token").asString(), body.path("id_token").asString(),
                body.path("expires_in").asLong());
    }

    /** Follows redirects within the issuer until a page is served or the issuer redirects to the client. */
    private HttpResponse<String> follow(Map<String, String> cookies, HttpResponse<String> first)
            throws IOException, InterruptedException {
        HttpResponse<String> response = first;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            Optional<URI> next = location(response);
            if (next.isEmpty() || isRedirectUri(next.get())) {
                return response;
            }
            response = get(next.get(), cookies);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + first.uri().getPath());
    }

    private HttpResponse<String> get(URI uri, Map<String, String> cookies) throws IOException, InterruptedException {
        // NOTE: Accept text/html, as a browser sends: without it the issuer answers 401 instead of showing /login.
        return send(cookies, HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
    }

    private HttpResponse<String> send(Map<String, String> cookies, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        request.timeout(TIMEOUT);
        if (!cookies.isEmpty()) {
            StringJoiner header = new StringJoiner("; ");
            cookies.forEach((name, value) -> header.add(name + "=" + value));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String name = pair.substring(0, equals).strip();
                String value = pair.substring(equals + 1).strip();
                if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                }
                else {
                    cookies.put(name, value);
                }
            }
        }
        return response;
    }

    private boolean isRedirectUri(URI uri) {
        return uri.toString().startsWith(this.redirectUri.toString());
    }

    private static Optional<URI> location(HttpResponse<String> response) {
        if (response.statusCode() < 300 || response.statusCode() >= 400) {
            return Optional.empty();
        }
        return response.headers().firstValue("Location").map((value) -> response.uri().resolve(value));
    }

    private static String csrfField(HttpResponse<String> page) throws IOException {
        if (page.statusCode() != 200) {
            throw new IOException("expected the login page, got HTTP " + page.statusCode() + " at "
                    + page.uri().getPath());
        }
        Matcher matcher = CSRF_FIELD.matcher(page.body());
        if (!matcher.find()) {
            throw new IOException("no _csrf field on the page at " + page.uri().getPath());
        }
        return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
    }

    private static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    (parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    private static JsonNode json(String body) throws IOException {
        try {
            return JsonMapper.shared().readTree(body);
        }
        catch (JacksonException ex) {
            throw new IOException("token endpoint answered with something other than JSON", ex);
        }
    }

    private static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(form(name) + "=" + form(value)));
        return body.toString();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
        }
    }

    /**
     * What the token endpoint returned for a user.
     *
     * @param accessToken the JWT access token to send as a bearer token
     * @param idToken the OpenID Connect ID token
     * @param expiresIn the access token's lifetime in seconds
     */
    public record Tokens(String accessToken, String idToken, long expiresIn) {

        @Override
        public String toString() {
            return "Tokens[expiresIn=" + this.expiresIn + ", tokens hidden]";
        }
    }

    /** The issuer refused the username and password; retrying would not help. */
    public static final class LoginRefusedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        LoginRefusedException(String username) {
            super("login refused for " + username);
        }
    }
}
