package dev.parley.gateway.backend;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.parley.model.ChatMessage;
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
import io.rsocket.RSocketErrorException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** chat-service, as seen from the gateway: every call about a room goes to the room's instance ({@link ChatInstances}). */
@Component
public class MessageBackend {

    private final ChatInstances instances;

    private final BackendProperties properties;

    MessageBackend(ChatInstances instances, BackendProperties properties) {
        this.instances = instances;
        this.properties = properties;
    }

    public Mono<MessageAck> post(CallerToken token, UUID roomId, PostMessage command) {
        return instances.request(roomId, requester -> requester.route(MessageRoutes.POST, roomId)
                        .metadata(token.metadata(), CallerToken.MIME_TYPE)
                        .data(command).retrieveMono(MessageAck.class))
                .timeout(properties.requestTimeout())
                .onErrorMap(RemoteErrors::translate);
    }

    /**
     * One sender's posts to one room, stored in this order; one outcome per post (at most PostMessages.MAX_POSTS).
     * Against a chat-service that predates {@link MessageRoutes#POST_ALL} (a rolling upgrade), posts them one by one.
     */
    public Mono<List<PostOutcome>> postAll(CallerToken token, UUID roomId, List<PostMessage> posts) {
        return instances.request(roomId, requester -> requester.route(MessageRoutes.POST_ALL, roomId)
                        .metadata(token.metadata(), CallerToken.MIME_TYPE)
                        .data(new PostMessages(posts)).retrieveMono(PostOutcomes.class))
                .map(PostOutcomes::outcomes)
                .timeout(properties.requestTimeout())
                .onErrorResume(MessageBackend::unknownRoute, older -> Flux.fromIterable(posts)
                        .concatMap(post -> post(token, roomId, post).<PostOutcome>map(PostOutcome.Stored::new)
                                .onErrorResume(ParleyException.class,
                                        refused -> Mono.just(new PostOutcome.Refused(refused.code(), refused.getMessage()))))
                        .collectList()
                        // NOTE: one bound for the whole fallback, not one per post: other frames of the connection
                        // wait for these answers.
                        .timeout(properties.requestTimeout()))
                .onErrorMap(RemoteErrors::translate);
    }

    private static boolean unknownRoute(Throwable error) {
        return error instanceof RSocketErrorException remote && remote.getMessage() != null
                && remote.getMessage().startsWith("No handler");
    }

    public Mono<HistoryPage> history(CallerToken token, UUID roomId, HistoryQuery query) {
        return instances.request(roomId, requester -> requester.route(MessageRoutes.HISTORY, roomId)
                        .metadata(token.metadata(), CallerToken.MIME_TYPE)
                        .data(query).retrieveMono(HistoryPage.class))
                .timeout(properties.requestTimeout())
                .onErrorMap(RemoteErrors::translate);
    }

    /** Every message after {@code afterSeq}, stored then live, in order; errors are already translated. */
    public Flux<ChatMessage> stream(CallerToken token, UUID roomId, long afterSeq) {
        return instances.stream(roomId, requester -> requester.route(MessageRoutes.STREAM, roomId)
                        .metadata(token.metadata(), CallerToken.MIME_TYPE)
                        .data(new StreamRequest(afterSeq)).retrieveFlux(ChatMessage.class))
                .onErrorMap(RemoteErrors::translate);
    }

    /** The room's relay (its head, then messages and removals), under the gateway's own token; errors translated. */
    public Flux<RelayItem> relay(CallerToken serviceToken, UUID roomId) {
        return instances.stream(roomId, requester -> requester.route(MessageRoutes.RELAY, roomId)
                        .metadata(serviceToken.metadata(), CallerToken.MIME_TYPE)
                        .retrieveFlux(RelayItem.class))
                .onErrorMap(RemoteErrors::translate);
    }
}
