package dev.parley.chat.message;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.parley.model.ChatMessage;
import dev.parley.model.PostMessage;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Stores posts by group commit: each room belongs to one of a few lanes, and a lane stores the posts that queued up
 * while it wrote its previous group with one statement. A post is answered only once its group has committed.
 */
@Component
class CommitGroups {

    private final MessageRepository repository;

    private final List<CommitLane> lanes;

    CommitGroups(MessageRepository repository, CommitProperties properties) {
        this.repository = repository;
        this.lanes = IntStream.range(0, properties.lanes())
                .mapToObj(lane -> new CommitLane(properties.queueCapacity(), properties.maxBatch(), this::storeGroup,
                        this::storeOne))
                .toList();
    }

    /**
     * Stores the validated post (or finds the message an earlier try with the same clientMsgId stored) with the
     * next group of its room's lane; completes when that group has committed.
     */
    Mono<ChatMessage> store(UUID roomId, Sender sender, PostMessage post) {
        return Mono.defer(() -> lanes.get(laneOf(roomId, lanes.size()))
                .submit(new CommitGroup.Post(roomId, sender, post)));
    }

    /**
     * A room's lane. One lane per room keeps its posts in submission order, and an instance never waits on a room's
     * sequence row lock held by its own other group.
     */
    static int laneOf(UUID roomId, int lanes) {
        return Math.floorMod(roomId.hashCode(), lanes);
    }

    /** One statement (one transaction): answers one message per post, in the group's order. */
    private Mono<List<ChatMessage>> storeGroup(CommitGroup group) {
        return repository.storeGroup(group.posts())
                .collectMap(CommitGroup.Key::of)
                .map(group::answers);
    }

    /**
     * One post in a statement (and transaction) of its own, the same statement as a group's: the path of a post whose
     * group failed.
     */
    private Mono<ChatMessage> storeOne(CommitGroup.Post post) {
        // NOTE: two concurrent tries with one clientMsgId: the loser's insert violates the unique key and rolls back
        // (its seq with it, so no gap); it then answers with the winner's message.
        // NOTE: the statement commits when it ends (at Sync, in autocommit), after its row has arrived: waiting for its
        // end, not its first row, keeps the answer (and the local delivery that follows it) after the commit.
        return repository.storeGroup(List.of(post)).collectList()
                .mapNotNull(stored -> stored.isEmpty() ? null : stored.get(0))
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> repository.findByClientMsgId(
                        post.roomId(), post.sender().id(), post.message().clientMsgId()));
    }
}
