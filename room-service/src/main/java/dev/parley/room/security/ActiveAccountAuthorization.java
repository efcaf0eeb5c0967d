package dev.parley.room.security;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.room.user.Users;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.rsocket.util.matcher.PayloadExchangeAuthorizationContext;

/**
 * Admits an authenticated request unless its token's subject deleted their account; such a request fails with
 * FORBIDDEN "this account was deleted" on every route, whatever the handler would have done.
 */
class ActiveAccountAuthorization implements ReactiveAuthorizationManager<PayloadExchangeAuthorizationContext> {

    private final ReactiveAuthorizationManager<PayloadExchangeAuthorizationContext> authenticated =
            AuthenticatedReactiveAuthorizationManager.authenticated();

    private final Users users;

    ActiveAccountAuthorization(Users users) {
        this.users = users;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication,
            PayloadExchangeAuthorizationContext context) {
        return authenticated.authorize(authentication, context)
            .filter(AuthorizationResult::isGranted)
            .flatMap(granted -> authentication.flatMap(this::subject)
                .flatMap(users::isDeleted)
                .flatMap(deleted -> deleted
                        ? Mono.<AuthorizationResult>error(new ParleyException(ErrorCode.FORBIDDEN, Users.ACCOUNT_DELETED))
                        : Mono.just(granted))
                // NOTE: a token without a subject is let through; the handlers refuse it with TOKEN_INVALID.
                .defaultIfEmpty(granted))
            .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private Mono<String> subject(Authentication authentication) {
        return authentication.getPrincipal() instanceof Jwt jwt && jwt.getSubject() != null
                && !jwt.getSubject().isBlank() ? Mono.just(jwt.getSubject()) : Mono.empty();
    }
}
