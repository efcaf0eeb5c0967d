package dev.parley.room.errors;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.RSocketProxy;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies {@link WireErrors} to what {@link ErrorAdvice} cannot see: errors inside a returned stream (emitted after
 * the handler returned) and refusals by the security interceptor, which runs before any handler.
 */
class WireErrorResponder extends RSocketProxy {

    WireErrorResponder(RSocket source) {
        super(source);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
        return super.fireAndForget(payload).onErrorMap(WireErrors::toWire);
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
        return super.requestResponse(payload).onErrorMap(WireErrors::toWire);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
        return super.requestStream(payload).onErrorMap(WireErrors::toWire);
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return super.requestChannel(payloads).onErrorMap(WireErrors::toWire);
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
        return super.metadataPush(payload).onErrorMap(WireErrors::toWire);
    }
}
