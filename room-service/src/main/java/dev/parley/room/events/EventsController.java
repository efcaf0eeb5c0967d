package dev.parley.room.events;

import dev.parley.model.RoomCreated;
import dev.parley.model.RoomRoutes;
import reactor.core.publisher.Flux;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;

/** Serves {@link RoomRoutes#EVENTS}. */
@Controller
class EventsController {

    private final RoomEvents events;

    EventsController(RoomEvents events) {
        this.events = events;
    }

    @MessageMapping(RoomRoutes.EVENTS)
    Flux<RoomCreated> events() {
        return events.live();
    }
}
