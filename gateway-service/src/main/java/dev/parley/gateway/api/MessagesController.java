package dev.parley.gateway.api;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.parley.gateway.backend.CallerToken;
import dev.parley.gateway.backend.MessageBackend;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import reactor.core.publisher.Mono;

/** A room's messages for backend callers; chat-service checks the token and the caller's membership. */
@RestController
@RequestMapping(path = "/api/rooms/{roomId}/messages", produces = "application/json")
class MessagesController {

    private final MessageBackend messages;

    MessagesController(MessageBackend messages) {
        this.messages = messages;
    }

    /** A keyset page, oldest first: up to {@code limit} messages before {@code beforeSeq} (absent: the latest). */
    @GetMapping
    Mono<HistoryPage> history(@AuthenticationPrincipal Jwt caller, @PathVariable UUID roomId,
            @RequestParam(required = false) Long beforeSeq, @RequestParam(required = false) Integer limit) {
        // NOTE: a missing limit travels as 0, which chat-service reads as its default page size; it owns the bounds.
        HistoryQuery query = new HistoryQuery(beforeSeq, limit == null ? 0 : limit);
        return messages.history(new CallerToken(caller.getTokenValue()), roomId, query);
    }

    /** Posts as the caller; a repeat with the same clientMsgId returns the first acknowledgement. */
    @PostMapping(consumes = "application/json")
    Mono<ResponseEntity<MessageAck>> post(@AuthenticationPrincipal Jwt caller, @PathVariable UUID roomId,
            @RequestBody PostMessage command) {
        return messages.post(new CallerToken(caller.getTokenValue()), roomId, command)
                .map(ack -> ResponseEntity.status(HttpStatus.CREATED).body(ack));
    }
}
