package dev.parley.gateway.api;

import java.time.Duration;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.parley.model.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * Gives the security layer's refusals (401, 403, 503) the same problem bodies as the API's own: the wrapped Spring
 * Security handler still decides the status and the {@code WWW-Authenticate} challenge, this adds the body.
 */
@Component
public class SecurityProblems {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final HttpMessageWriter<ProblemDetail> writer;

    SecurityProblems(ServerCodecConfigurer codecs) {
        this.writer = problemWriter(codecs);
    }

    /** The entry point's refusal with a body: 401 TOKEN_INVALID, or 503 AUTH_UNAVAILABLE if it chose 503. */
    public ServerAuthenticationEntryPoint entryPoint(ServerAuthenticationEntryPoint delegate) {
        return (exchange, e) -> delegate.commence(withoutCompletion(exchange), e).then(Mono.defer(() -> {
            if (HttpStatus.SERVICE_UNAVAILABLE.equals(exchange.getResponse().getStatusCode())) {
                return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE,
                        "tokens cannot be checked right now");
            }
            String detail = e instanceof OAuth2AuthenticationException ? "the access token is not valid"
                    : "an access token is required";
            return write(exchange, HttpStatus.UNAUTHORIZED, ErrorCode.TOKEN_INVALID, detail);
        }));
    }

    /** The access-denied refusal (a token without the scope the request needs) with a FORBIDDEN body. */
    public ServerAccessDeniedHandler accessDenied(ServerAccessDeniedHandler delegate) {
        return (exchange, e) -> delegate.handle(withoutCompletion(exchange), e).then(Mono.defer(() -> write(exchange,
                HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "the access token does not grant this request")));
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus fallback, ErrorCode code, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode set = response.getStatusCode();
        HttpStatus status = set == null ? fallback : HttpStatus.valueOf(set.value());
        response.setStatusCode(status);
        Duration retryAfter = Problems.retryAfter(status);
        if (retryAfter != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        ProblemDetail problem = Problems.of(status, code, detail, exchange.getRequest().getPath().value());
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }

    /** The exchange as the delegate sees it: it sets status and headers, but leaves the body to us. */
    private static ServerWebExchange withoutCompletion(ServerWebExchange exchange) {
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                return Mono.empty();
            }
        };
        return exchange.mutate().response(response).build();
    }

    // NOTE: the same JSON writer the controllers use, so both kinds of problem body look alike.
    @SuppressWarnings("unchecked")
    private static HttpMessageWriter<ProblemDetail> problemWriter(ServerCodecConfigurer codecs) {
        return (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(writer -> writer.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JSON writer for problem details"));
    }
}
