package dev.parley.issuer;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Serialises access to a store that is not thread-safe.
 * <p>
 * NOTE: {@code InMemoryOAuth2AuthorizationService} keeps pending authorizations in a plain {@code LinkedHashMap};
 * concurrent logins then fail now and then with a {@code ConcurrentModificationException} during the code exchange.
 * Every call here is short and in memory, so one lock costs nothing measurable at development load.
 */
final class SynchronizedAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;

    SynchronizedAuthorizationService(OAuth2AuthorizationService delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        this.delegate.save(authorization);
    }

    @Override
    public synchronized void remove(OAuth2Authorization authorization) {
        this.delegate.remove(authorization);
    }

    @Override
    public synchronized OAuth2Authorization findById(String id) {
        return this.delegate.findById(id);
    }

    @Override
    public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return this.delegate.findByToken(token, tokenType);
    }
}
