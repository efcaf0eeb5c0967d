package dev.parley.chat.membership;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The room streams open on this instance, by member, so that a removal ends them: membership is checked when a stream
 * starts, and a stream may stay open for days.
 */
public final class MemberStreams {

    private final ConcurrentMap<Member, Set<OpenStream>> open = new ConcurrentHashMap<>();

    /**
     * The stream, failing with NOT_A_MEMBER as soon as this user is removed from the room. Registered before the
     * stream (and so its membership check) starts: a removal announced while the check is under way still ends it.
     */
    public <T> Flux<T> untilRemoved(UUID roomId, String userId, Flux<T> stream) {
        return Flux.defer(() -> {
            Member member = new Member(roomId, userId);
            OpenStream open = new OpenStream();
            this.open.compute(member, (key, streams) -> {
                Set<OpenStream> all = streams != null ? streams : ConcurrentHashMap.newKeySet();
                all.add(open);
                return all;
            });
            return stream.takeUntilOther(open.removal.asMono())
                    .concatWith(Mono.defer(() -> open.removed ? Mono.error(new ParleyException(
                            ErrorCode.NOT_A_MEMBER, "you were removed from this room")) : Mono.empty()))
                    .doFinally(signal -> this.open.computeIfPresent(member, (key, streams) -> {
                        streams.remove(open);
                        return streams.isEmpty() ? null : streams;
                    }));
        });
    }

    /** Ends every stream this user has open on the room. */
    public void removed(UUID roomId, String userId) {
        Set<OpenStream> streams = open.remove(new Member(roomId, userId));
        if (streams != null) {
            streams.forEach(OpenStream::remove);
        }
    }

    /** How many streams are open (for tests and metrics). */
    int size() {
        return open.values().stream().mapToInt(Set::size).sum();
    }

    private record Member(UUID roomId, String userId) {
    }

    private static final class OpenStream {

        private final Sinks.Empty<Void> removal = Sinks.empty();

        private volatile boolean removed;

        void remove() {
            removed = true;
            removal.tryEmitEmpty();
        }
    }
}
