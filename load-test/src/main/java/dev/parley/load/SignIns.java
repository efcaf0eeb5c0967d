package dev.parley.load;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.parley.load.LoadOptions.Credentials;
import dev.parley.testsupport.OidcLogin;

/**
 * Access tokens for the run's users, each signed in once through the issuer (authorization code + PKCE, as the web
 * client does) and shared by all of that user's connections.
 */
final class SignIns {

    /** Registered for the tests' scripted logins in the dev issuer; nothing needs to listen there. */
    private static final URI REDIRECT = URI.create("http://127.0.0.1/test-callback");

    /** The issuer manages about 20 logins a second on 2 cores; more at once only queue up. */
    private static final int PARALLEL_LOGINS = 4;

    private final List<Credentials> users;

    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private SignIns(List<Credentials> users) {
        this.users = users;
    }

    /** Signs in the first {@code needed} users (or all, if fewer). */
    static SignIns signIn(URI issuer, List<Credentials> users, int needed) {
        List<Credentials> signingIn = users.subList(0, Math.min(needed, users.size()));
        SignIns signIns = new SignIns(signingIn);
        OidcLogin login = new OidcLogin(issuer, "parley-web", REDIRECT);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_LOGINS);
        try {
            List<Future<?>> logins = signingIn.stream()
                .<Future<?>>map((user) -> pool.submit(() -> signIns.tokens.put(user.username(),
                        login.login(user.username(), user.password()).accessToken())))
                .toList();
            for (Future<?> each : logins) {
                each.get();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in", ex);
        }
        catch (java.util.concurrent.ExecutionException ex) {
            throw new IllegalStateException("sign-in failed: " + ex.getCause().getMessage(), ex.getCause());
        }
        finally {
            pool.shutdownNow();
        }
        return signIns;
    }

    /** The user of connection {@code index}: users take turns. */
    String user(int index) {
        return this.users.get(index % this.users.size()).username();
    }

    String token(String user) {
        return this.tokens.get(user);
    }
}
