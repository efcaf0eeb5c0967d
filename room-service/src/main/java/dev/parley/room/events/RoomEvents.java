package dev.parley.room.events;

import dev.parley.model.MemberRemoved;
import dev.parley.model.RoomCreated;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Room events across all room-service instances. The one port to the event transport: reactor-kafka is discontinued
 * upstream, so replacing it means replacing the one class behind this interface.
 */
public interface RoomEvents {

    /** Publishes an event to every instance; completes once the broker has acknowledged it. */
    Mono<Void> publish(RoomCreated event);

    /** Publishes a removal to every chat-service instance; completes once the broker has acknowledged it. */
    Mono<Void> publish(MemberRemoved event);

    /**
     * Events published from now on by any instance. Each subscriber has its own bounded buffer; one that falls
     * further behind stops receiving new events, gets what its buffer holds and then SLOW_CONSUMER, and should
     * resubscribe and reload the room list.
     */
    Flux<RoomCreated> live();

    /** Completes once {@link #live()} is certain to see every event published from then on. */
    Mono<Void> ready();
}
