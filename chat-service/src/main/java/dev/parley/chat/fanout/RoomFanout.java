package dev.parley.chat.fanout;

import java.util.UUID;

import dev.parley.model.ChatMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers stored messages to every chat-service instance. A port: the one place that knows the broker, so
 * replacing reactor-kafka (discontinued upstream) is a one-class change. Delivery is at least once and may be late
 * or out of order; receivers order and deduplicate by seq.
 */
public interface RoomFanout {

    /** Completes once the broker has durably accepted the message. */
    Mono<Void> publish(ChatMessage message);

    /** The room's messages published from now on, by any instance; never completes while the service runs. */
    Flux<ChatMessage> live(UUID roomId);
}
