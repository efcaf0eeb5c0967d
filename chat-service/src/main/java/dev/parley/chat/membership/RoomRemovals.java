package dev.parley.chat.membership;

import java.util.UUID;

import dev.parley.model.ErrorCode;
import dev.parley.model.MemberRemoved;
import dev.parley.model.ParleyException;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Removals heard on this instance, for the rooms' relays: a gateway follows one relay per room for all of its
 * members and ends a removed member's streams itself, so it must hear of every removal while its relay is open.
 */
public final class RoomRemovals {

    /** Removals are rare; a relay that let this many wait would be far behind anyway and is better ended. */
    private static final int BUFFER = 256;

    private final Sinks.Many<MemberRemoved> removals = Sinks.many().multicast().directBestEffort();

    private final Sinks.Empty<Void> heard = Sinks.empty();

    /** The room's removals from now on. Each subscriber buffers on its own (so none is dropped for another's sake). */
    public Flux<MemberRemoved> of(UUID roomId) {
        return removals.asFlux()
                .filter(removal -> roomId.equals(removal.roomId()))
                .onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.ERROR)
                .onErrorMap(Exceptions::isOverflow, overflow -> new ParleyException(
                        ErrorCode.SLOW_CONSUMER, "too far behind the room's removals; follow it again"));
    }

    /**
     * Completes once removals are heard: the membership events' consumer has its partition, positioned at the end.
     * NOTE: a relay starting before that (a freshly started instance) would promise its gateway removals it cannot
     * hear yet.
     */
    public Mono<Void> heard() {
        return heard.asMono();
    }

    /** The membership events' consumer has its partition; removals published from now on reach {@link #of}. */
    void listening() {
        heard.tryEmitEmpty();
    }

    /** Called from the one thread consuming membership events. */
    void removed(MemberRemoved removal) {
        removals.tryEmitNext(removal);
    }
}
