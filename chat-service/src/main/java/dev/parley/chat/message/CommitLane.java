package dev.parley.chat.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One lane of group commit: a bounded queue of posts and at most one group being written. When a group has been
 * written, the next one takes every post that arrived meanwhile (up to {@code maxBatch}). There is no timer: an idle
 * lane writes a post at once, a busy one writes bigger groups. Posts are written in the order they were submitted.
 */
final class CommitLane {

    private static final Logger log = LoggerFactory.getLogger(CommitLane.class);

    private final int capacity;

    private final int maxBatch;

    private final Function<CommitGroup, Mono<List<ChatMessage>>> storeGroup;

    private final Function<CommitGroup.Post, Mono<ChatMessage>> storeOne;

    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();

    // NOTE: counted apart from the queue, whose size() is O(n); reserved before offer, so the bound is never passed.
    private final AtomicInteger queued = new AtomicInteger();

    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * @param storeGroup stores a group in one transaction, answering one message per post in the group's order
     * @param storeOne stores one post in a transaction of its own; used for each post of a group that failed
     */
    CommitLane(int capacity, int maxBatch, Function<CommitGroup, Mono<List<ChatMessage>>> storeGroup,
            Function<CommitGroup.Post, Mono<ChatMessage>> storeOne) {
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.storeGroup = storeGroup;
        this.storeOne = storeOne;
    }

    /**
     * Queues the post and answers once it is committed. Fails at once with SERVICE_UNAVAILABLE (retryable) when the
     * queue is full. The post is written even if the caller cancels.
     */
    Mono<ChatMessage> submit(CommitGroup.Post post) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return Mono.error(new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                    "too many posts are waiting to be stored; try again"));
        }
        Queued entry = new Queued(post, Sinks.one());
        queue.offer(entry);
        writeNext();
        return entry.answer().asMono();
    }

    /** Posts waiting for a group (not those of the group being written). */
    int waiting() {
        return queued.get();
    }

    private void writeNext() {
        // NOTE: whoever wins the flag takes the waiting posts; a post queued just as the flag is released is taken by
        // the re-check below, so none is left behind without a writer.
        while (writing.compareAndSet(false, true)) {
            List<Queued> group = take();
            if (!group.isEmpty()) {
                write(group);
                return;
            }
            writing.set(false);
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    private List<Queued> take() {
        List<Queued> group = new ArrayList<>(Math.min(maxBatch, Math.max(1, queued.get())));
        Queued next;
        while (group.size() < maxBatch && (next = queue.poll()) != null) {
            queued.decrementAndGet();
            group.add(next);
        }
        return group;
    }

    private void write(List<Queued> group) {
        CommitGroup posts = new CommitGroup(group.stream().map(Queued::post).toList());
        // NOTE: the lane subscribes itself, not the callers: a group is written to its end whoever waits for it, and
        // its end releases the lane for the next group.
        Mono.defer(() -> storeGroup.apply(posts))
                .doOnNext(answers -> answerAll(group, answers))
                .then()
                .onErrorResume(failure -> {
                    log.info("A group of {} post(s) failed ({}); storing each on its own", group.size(),
                            rootCause(failure));
                    return storeEach(group);
                })
                .doFinally(signal -> {
                    // NOTE: a safety net that should never fire; a post answered already ignores it.
                    IllegalStateException unanswered = new IllegalStateException("a group ended without an answer");
                    group.forEach(entry -> entry.answer().tryEmitError(unanswered));
                    writing.set(false);
                    writeNext();
                })
                .subscribe(null, error -> log.error("Writing a group of posts failed", error));
    }

    // NOTE: the root cause only: the wrapping exception repeats the whole statement, one row of SQL per post.
    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static void answerAll(List<Queued> group, List<ChatMessage> answers) {
        if (answers.size() != group.size()) {
            throw new IllegalStateException(answers.size() + " answers for " + group.size() + " posts");
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer().tryEmitValue(answers.get(i));
        }
    }

    /** Each post on its own, in order, so a post that cannot be stored fails alone and its neighbours are kept. */
    private Mono<Void> storeEach(List<Queued> group) {
        return Flux.fromIterable(group)
                .concatMap(entry -> Mono.defer(() -> storeOne.apply(entry.post()))
                        .doOnSuccess(message -> {
                            if (message == null) {
                                entry.answer().tryEmitEmpty();
                            }
                            else {
                                entry.answer().tryEmitValue(message);
                            }
                        })
                        .onErrorResume(error -> {
                            entry.answer().tryEmitError(error);
                            return Mono.empty();
                        }))
                .then();
    }

    private record Queued(CommitGroup.Post post, Sinks.One<ChatMessage> answer) {
    }
}
