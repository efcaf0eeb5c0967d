package dev.parley.gateway.api;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Mono;

/**
 * The one place where HTTP errors become problem details: Parley refusals by their {@link ErrorCode}, the framework's
 * own refusals (unreadable body, unknown path, wrong method or media type) by their status, anything else as INTERNAL
 * without internals.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(ParleyException.class)
    ResponseEntity<ProblemDetail> refused(ParleyException e, ServerWebExchange exchange) {
        HttpStatus status = Problems.status(e.code());
        // NOTE: ParleyException details are written to be shown to callers, except INTERNAL's, which may not be.
        String detail = e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
        HttpHeaders headers = new HttpHeaders();
        if (status == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        return problem(status, e.code(), detail, headers, exchange);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        log.error("Unexpected failure of {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error", new HttpHeaders(),
                exchange);
    }

    /** The framework's refusals, which the base class has already turned into a status and a default body. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        ErrorCode code = Problems.codeFor(status);
        String detail = e instanceof ServerWebInputException input ? unreadable(input)
                : body instanceof ProblemDetail problem && problem.getDetail() != null && status.is4xxClientError()
                        ? problem.getDetail() : status.getReasonPhrase();
        HttpHeaders all = new HttpHeaders();
        if (headers != null) {
            all.putAll(headers);
        }
        return Mono.just(ResponseEntity.status(status).headers(withRetryAfter(all, status))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.of(status, code, detail, path(exchange))));
    }

    /** A safe account of an unreadable request: which part is wrong, never a parser's message. */
    private static String unreadable(ServerWebInputException e) {
        MethodParameter parameter = e.getMethodParameter();
        if (parameter == null) {
            return "the request cannot be read";
        }
        if (parameter.hasParameterAnnotation(RequestBody.class) || e.getCause() instanceof DecodingException) {
            return "the request body is missing or is not the expected JSON";
        }
        return "parameter '" + parameter.getParameterName() + "' is missing or has the wrong type";
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, ErrorCode code, String detail,
            HttpHeaders headers, ServerWebExchange exchange) {
        return ResponseEntity.status(status).headers(withRetryAfter(headers, status))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.of(status, code, detail, path(exchange)));
    }

    private static HttpHeaders withRetryAfter(HttpHeaders headers, HttpStatus status) {
        Duration retryAfter = Problems.retryAfter(status);
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        return headers;
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }
}
