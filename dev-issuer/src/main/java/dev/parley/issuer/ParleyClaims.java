package dev.parley.issuer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts Parley's audience into access tokens (in place of the client id) and the user's name and email into user
 * tokens, so resource servers need not call the userinfo endpoint.
 */
final class ParleyClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final IssuerProperties properties;

    ParleyClaims(IssuerProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        JwtClaimsSet.Builder claims = context.getClaims();
        if (accessToken) {
            // NOTE: the ID token keeps the client id as its audience, as OpenID Connect requires.
            claims.audience(this.properties.audience());
        }
        if ((!accessToken && !idToken)
                || AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            return;
        }
        Authentication principal = context.getPrincipal();
        IssuerProperties.DemoUser user = this.properties.user(principal.getName());
        if (user == null) {
            return;
        }
        if (context.getAuthorizedScopes().contains(OidcScopes.PROFILE)) {
            claims.claim("name", user.name());
            claims.claim("preferred_username", user.username());
        }
        if (context.getAuthorizedScopes().contains(OidcScopes.EMAIL)) {
            claims.claim("email", user.email());
        }
    }
}
