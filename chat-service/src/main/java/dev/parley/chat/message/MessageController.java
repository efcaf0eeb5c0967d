package dev.parley.chat.message;

import java.util.UUID;

import dev.parley.chat.membership.MemberStreams;
import dev.parley.chat.membership.MembershipGuard;
import dev.parley.chat.membership.RoomRemovals;
import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageAck;
import dev.parley.model.MessageRoutes;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostMessages;
import dev.parley.model.PostOutcome;
import dev.parley.model.PostOutcomes;
import dev.parley.model.RelayItem;
import dev.parley.model.StreamRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.stereotype.Controller;

/**
 * The {@link MessageRoutes}: each checks room membership first, then serves the caller; the relay instead needs the
 * {@value #RELAY_SCOPE} scope, which only the gateways' own client has.
 */
@Controller
class MessageController {

    static final String RELAY_SCOPE = "chat.relay";

    private static final JwtGrantedAuthoritiesConverter SCOPES = new JwtGrantedAuthoritiesConverter();

    private final RoomMessages messages;

    private final MembershipGuard membership;

    private final PostCounts outcomes;

    private final EncodedMessages encoded;

    private final MemberStreams streams;

    private final RoomRemovals removals;

    MessageController(RoomMessages messages, MembershipGuard membership, PostCounts outcomes,
            EncodedMessages encoded, MemberStreams streams, RoomRemovals removals) {
        this.messages = messages;
        this.removals = removals;
        this.streams = streams;
        this.membership = membership;
        this.outcomes = outcomes;
        this.encoded = encoded;
    }

    @MessageMapping(MessageRoutes.POST)
    Mono<MessageAck> post(@DestinationVariable UUID roomId, @Payload PostMessage command,
            @AuthenticationPrincipal Jwt caller) {
        return membership.requireMember(roomId, caller)
                .then(messages.post(roomId, Sender.of(caller), command))
                .doOnSuccess(ack -> outcomes.stored())
                .doOnError(outcomes::refused)
                .onErrorMap(MessageErrors::toWire);
    }

    /** One sender's posts, stored in the order given; a post refused on its own is an outcome, not an error. */
    @MessageMapping(MessageRoutes.POST_ALL)
    Mono<PostOutcomes> postAll(@DestinationVariable UUID roomId, @Payload PostMessages command,
            @AuthenticationPrincipal Jwt caller) {
        return Mono.fromCallable(() -> MessageRules.batch(command))
                .flatMap(posts -> membership.requireMember(roomId, caller)
                        .thenMany(messages.postAll(roomId, Sender.of(caller), posts))
                        .doOnNext(this::count)
                        .collectList())
                .map(PostOutcomes::new)
                .doOnError(refused -> {
                    int posts = command == null || command.posts() == null ? 1 : Math.max(1, command.posts().size());
                    for (int i = 0; i < posts; i++) {
                        outcomes.refused(refused);
                    }
                })
                .onErrorMap(MessageErrors::toWire);
    }

    private void count(PostOutcome outcome) {
        if (outcome instanceof PostOutcome.Refused refused) {
            outcomes.refused(refused.code());
        }
        else {
            outcomes.stored();
        }
    }

    @MessageMapping(MessageRoutes.HISTORY)
    Mono<HistoryPage> history(@DestinationVariable UUID roomId, @Payload HistoryQuery query,
            @AuthenticationPrincipal Jwt caller) {
        return membership.requireMember(roomId, caller)
                .then(messages.history(roomId, query))
                .onErrorMap(MessageErrors::toWire);
    }

    /** Every message after {@code afterSeq}, as JSON ({@link ChatMessage}) written once for all of a room's streams. */
    @MessageMapping(MessageRoutes.STREAM)
    Flux<byte[]> stream(@DestinationVariable UUID roomId, @Payload StreamRequest request,
            @AuthenticationPrincipal Jwt caller) {
        return streams.untilRemoved(roomId, caller.getSubject(), membership.requireMember(roomId, caller)
                        .thenMany(messages.stream(roomId, request.afterSeq()))
                        .map(encoded::encode))
                .onErrorMap(MessageErrors::toWire);
    }

    /**
     * The room's head, then its messages and removals from now on, for a gateway to share among the members it serves.
     * NOTE: removals are listened to (and this instance hears them) before the head is read, so a gateway that checks
     * a member after the head has arrived cannot miss that member's removal.
     */
    @MessageMapping(MessageRoutes.RELAY)
    Flux<RelayItem> relay(@DestinationVariable UUID roomId, @AuthenticationPrincipal Jwt caller) {
        if (!mayRelay(caller)) {
            return Flux.error(MessageErrors.toWire(new ParleyException(ErrorCode.FORBIDDEN,
                    "following a room's relay needs scope " + RELAY_SCOPE)));
        }
        // NOTE: the removals never end on their own; the relay ends with its messages (with an error when this
        // instance stops, so the gateway resumes elsewhere).
        return Flux.defer(() -> {
            Sinks.Empty<Void> ended = Sinks.empty();
            return Flux.merge(removals.of(roomId).takeUntilOther(ended.asMono())
                            .map(removal -> (RelayItem) new RelayItem.Removal(removal.userId())),
                    removals.heard().thenMany(messages.relay(roomId)).doFinally(signal -> ended.tryEmitEmpty()));
        }).onErrorMap(MessageErrors::toWire);
    }

    private static boolean mayRelay(Jwt caller) {
        String wanted = "SCOPE_" + RELAY_SCOPE;
        for (GrantedAuthority authority : SCOPES.convert(caller)) {
            if (wanted.equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
