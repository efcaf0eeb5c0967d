package dev.parley.load.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket connection to a gateway, speaking docs/protocol.md. Requests sent with {@link #request} get their
 * reply (matched by {@code ref}) as a future; every other frame — live messages, acknowledgements of
 * {@link #send}s, broadcasts, errors without a request waiting — goes to the listener, on a Netty event loop, so
 * the listener must be quick and thread-safe. Outgoing frames wait in a bounded queue.
 */
public final class LoadConnection {

    /** The protocol's frame limit (65,536 bytes); a history page of long messages can approach it. */
    private static final int MAX_FRAME_BYTES = 65_536;

    private static final JsonMapper JSON = JsonMapper.shared();

    /** Without a pool: an upgraded WebSocket would hold a pooled slot for its whole life. */
    private static final HttpClient CLIENT = HttpClient.newConnection();

    private static final WebsocketClientSpec SPEC = WebsocketClientSpec.builder()
        .maxFramePayloadLength(MAX_FRAME_BYTES)
        .build();

    private final URI webSocket;

    private final Sinks.Many<String> outbound;

    private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private final AtomicLong refs = new AtomicLong();

    private volatile Consumer<Frame> listener;

    private LoadConnection(URI webSocket, int outboundQueue, Consumer<Frame> listener) {
        this.webSocket = webSocket;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(outboundQueue).get());
        this.listener = listener;
    }

    /**
     * Opens a connection and signs in with {@code accessToken}; the future completes with the connection once
     * {@code ready} came, or fails with the error frame, close or timeout that came instead.
     */
    public static CompletableFuture<LoadConnection> open(URI webSocket, String accessToken, int outboundQueue,
            Duration timeout, Consumer<Frame> listener) {
        LoadConnection connection = new LoadConnection(webSocket, outboundQueue, listener);
        connection.start();
        return connection.request("auth", "token", accessToken)
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .thenApply((reply) -> {
                if (!reply.is("ready")) {
                    connection.close();
                    throw new IllegalStateException("sign-in refused: " + reply.code());
                }
                return connection;
            })
            .whenComplete((ignored, failure) -> {
                if (failure != null) {
                    connection.close();
                }
            });
    }

    private void start() {
        CLIENT.websocket(SPEC)
            .uri(this.webSocket)
            .handle((in, out) -> {
                Mono<Void> reading = in.aggregateFrames(MAX_FRAME_BYTES)
                    .receive()
                    .asString()
                    .doOnNext(this::received)
                    .then();
                in.receiveCloseStatus()
                    .map(WebSocketCloseStatus::code)
                    .subscribe(this::ended);
                Mono<Void> writing = out.sendString(this.outbound.asFlux()).then().then(Mono.defer(out::sendClose));
                return Mono.when(reading, writing);
            })
            .subscribe(null, (error) -> ended(-1), () -> ended(-1));
    }

    /** Sends a request built from alternating field names and values and returns its reply. */
    public CompletableFuture<Frame> request(String type, Object... fieldsAndValues) {
        String ref = "r" + this.refs.incrementAndGet();
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("type", type);
        frame.put("ref", ref);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            frame.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        this.pending.put(ref, reply);
        reply.whenComplete((frameReceived, failure) -> this.pending.remove(ref));
        if (!send(JSON.writeValueAsString(frame))) {
            reply.completeExceptionally(new IllegalStateException("outbound queue full or connection closed"));
        }
        if (this.closed.isDone()) {
            reply.completeExceptionally(new IllegalStateException("connection closed with " + this.closed.join()));
        }
        return reply;
    }

    /** Queues one frame, JSON text as given; false if the queue is full or the connection is gone. */
    public boolean send(String json) {
        // NOTE: the unicast sink accepts one emitter at a time; senders, checkers and the storm share connections.
        synchronized (this.outbound) {
            return this.outbound.tryEmitNext(json).isSuccess();
        }
    }

    /** Replaces who hears the frames that answer no {@link #request}. */
    public void listen(Consumer<Frame> frameListener) {
        this.listener = frameListener;
    }

    /** Completes with the close code (-1 for a connection lost without one) when the connection ends. */
    public CompletableFuture<Integer> closed() {
        return this.closed;
    }

    public URI webSocket() {
        return this.webSocket;
    }

    /** Closes the connection (normal closure from our side). */
    public void close() {
        synchronized (this.outbound) {
            this.outbound.tryEmitComplete();
        }
    }

    private void received(String json) {
        Frame frame;
        try {
            frame = Frame.parse(json);
        }
        catch (RuntimeException ex) {
            this.listener.accept(new Frame("invalid", null, null, -1, null, null, "BAD_FRAME", json));
            return;
        }
        CompletableFuture<Frame> reply = (frame.ref() != null) ? this.pending.get(frame.ref()) : null;
        if (reply != null) {
            reply.complete(frame);
        }
        else {
            this.listener.accept(frame);
        }
    }

    private void ended(int code) {
        if (this.closed.complete(code)) {
            IllegalStateException gone = new IllegalStateException("connection closed with " + code);
            this.pending.values().forEach((reply) -> reply.completeExceptionally(gone));
        }
    }
}
