package dev.parley.chat.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.parley.chat.fanout.RoomFanout;
import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageAck;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import dev.parley.model.RelayItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** A room's messages: posting (stored, sequenced, then fanned out), history pages and gapless streams. */
@Service
class RoomMessages {

    private static final Logger log = LoggerFactory.getLogger(RoomMessages.class);

    private final MessageRepository repository;

    private final CommitGroups commits;

    private final RoomFanout fanout;

    private final MessageRules rules;

    private final StreamProperties stream;

    private final ShutdownDrain drain;

    RoomMessages(MessageRepository repository, CommitGroups commits, RoomFanout fanout, MessageProperties messages,
            StreamProperties stream, ShutdownDrain drain) {
        this.repository = repository;
        this.commits = commits;
        this.fanout = fanout;
        this.rules = new MessageRules(messages.maxLength());
        this.stream = stream;
        this.drain = drain;
    }

    /**
     * Stores the message with the next group commit of its room's lane (or finds the one stored by an earlier try
     * with the same clientMsgId), publishes it once that group has committed and only then acknowledges it. A failed
     * publish fails the post; the client's retry publishes it again. Once started, a post runs to its end even if the
     * caller goes away or the instance is stopping.
     */
    Mono<MessageAck> post(UUID roomId, Sender sender, PostMessage command) {
        return Mono.fromCallable(() -> rules.check(command))
                .flatMap(valid -> drain.run(() -> storeAndPublish(roomId, sender, valid)));
    }

    /**
     * Posts each message as {@link #post} does, all handed to the room's lane before any is stored, so they are
     * stored in the order given; answers one outcome per post, in that order. One post's refusal does not refuse the
     * others.
     */
    Flux<PostOutcome> postAll(UUID roomId, Sender sender, List<PostMessage> commands) {
        // NOTE: mergeSequential subscribes to every post at once and in order, and a post reaches its lane's queue
        // synchronously on subscription (drain.run subscribes at once), so the lane sees them in the order given.
        return Flux.mergeSequential(Flux.fromIterable(commands).map(command -> post(roomId, sender, command)
                .<PostOutcome>map(PostOutcome.Stored::new)
                .onErrorResume(error -> {
                    ParleyException refused = MessageErrors.refusal(error);
                    return Mono.just(new PostOutcome.Refused(refused.code(), refused.getMessage()));
                })),
                commands.size(), 1);
    }

    private Mono<MessageAck> storeAndPublish(UUID roomId, Sender sender, PostMessage command) {
        return commits.store(roomId, sender, command)
                .flatMap(stored -> fanout.publish(stored)
                        .onErrorMap(error -> !(error instanceof ParleyException), error -> {
                            log.warn("Publishing message {} of room {} failed: {}", stored.seq(), roomId, error.toString());
                            return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                                    "the message is stored but not yet delivered everywhere; retry with the same clientMsgId");
                        })
                        .thenReturn(new MessageAck(stored.id(), roomId, stored.seq(), stored.sentAt(), stored.clientMsgId())));
    }

    /** A keyset page: up to limit messages before beforeSeq (or the latest), returned oldest first. */
    Mono<HistoryPage> history(UUID roomId, HistoryQuery query) {
        return Mono.fromCallable(() -> MessageRules.pageSize(query)).flatMap(limit -> {
            long before = query.beforeSeq() == null ? Long.MAX_VALUE : query.beforeSeq();
            return repository.latestBefore(roomId, before, limit + 1).collectList().map(newestFirst -> {
                List<ChatMessage> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
                Collections.reverse(page);
                return new HistoryPage(roomId, page, newestFirst.size() > limit);
            });
        });
    }

    /** Every message with seq &gt; afterSeq, stored ones first, then live ones, each once and in order. */
    Flux<ChatMessage> stream(UUID roomId, long afterSeq) {
        if (afterSeq < 0) {
            return Flux.error(new ParleyException(ErrorCode.INVALID_REQUEST, "afterSeq must be at least 0"));
        }
        return drain.endOnStop(RoomSequenceCursor.follow(afterSeq, fanout.live(roomId),
                (after, before, limit) -> repository.between(roomId, after, before, limit),
                stream.catchUpPageSize(), stream.subscriberBuffer()));
    }

    /** The room's head (its latest stored seq, 0 if none), then every message after it, as {@link #stream} has them. */
    Flux<RelayItem> relay(UUID roomId) {
        return repository.latestBefore(roomId, Long.MAX_VALUE, 1).next().map(ChatMessage::seq).defaultIfEmpty(0L)
                .flatMapMany(head -> Flux.concat(Mono.just(new RelayItem.Head(head)),
                        stream(roomId, head).map(RelayItem.Message::new)));
    }
}
