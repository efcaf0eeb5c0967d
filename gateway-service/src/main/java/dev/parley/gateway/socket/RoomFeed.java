package dev.parley.gateway.socket;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.parley.gateway.backend.BackendProperties;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.gateway.backend.ServiceToken;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomQuery;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The rooms created anywhere, followed once per gateway and handed to every signed-in connection. NOTE: one stream
 * per connection cost each idle connection about 4 KB of heap and room-service one stream per connection
 * (docs/benchmarks.md); the list of rooms is the same for every user, so one stream, under the gateway's own
 * identity ({@link ServiceToken}), serves them all. After a broken stream the list's first page is sent again, since
 * rooms may have been created while it was down (clients merge it and page on from its end); a
 * connection fetches its own first page when it signs in.
 */
@Component
class RoomFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);

    private final ServiceToken serviceToken;

    private final RoomBackend rooms;

    private final ConnectedClients clients;

    private final Duration maxBackoff;

    private volatile Disposable subscription;

    RoomFeed(ServiceToken serviceToken, RoomBackend rooms, ConnectedClients clients, BackendProperties backend) {
        this.serviceToken = serviceToken;
        this.rooms = rooms;
        this.clients = clients;
        this.maxBackoff = backend.streamRetryMaxBackoff();
    }

    /** The live stream with the list as it is once the stream is open; ends only with an error, to be resumed. */
    Flux<ServerFrame> frames() {
        return serviceToken.current().flatMapMany(token -> Flux.merge(
                rooms.events(token).map(event -> (ServerFrame) new ServerFrame.RoomCreated(event.room())),
                rooms.list(token, RoomQuery.firstPage()).map(page -> new ServerFrame.Rooms(null, page.rooms(),
                        page.next()))))
                .concatWith(Mono.error(() -> new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                        "room-service ended the room feed")));
    }

    @Override
    public void start() {
        // NOTE: every failure is retried, a refused service token too: the feed is the gateway's, not a client's,
        // and an operator fixes the cause from the warnings while connections keep working without live rooms.
        // NOTE: the backoff is not reset by items: every attempt emits the whole list, so a stream that kept breaking
        // right after opening would otherwise send every connection the list ten times a second.
        subscription = frames()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(maxBackoff)
                        .doBeforeRetry(signal -> log.warn("The room feed broke ({}); resuming",
                                signal.failure().getMessage())))
                .subscribe(clients::broadcast, this::stopped);
    }

    /** Only a failure past the retry (a bug) gets here; the feed starts over rather than stay silent for good. */
    private void stopped(Throwable failure) {
        log.error("The room feed stopped; starting it again", failure);
        if (subscription != null) {
            start();
        }
    }

    @Override
    public void stop() {
        Disposable current = subscription;
        if (current != null) {
            current.dispose();
        }
        subscription = null;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
