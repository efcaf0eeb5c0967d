package dev.parley.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client that speaks docs/protocol.md and nothing else, for tests that drive the gateway exactly as a
 * real client would: it sends JSON frames and records every frame and the close code it receives.
 */
public final class ProtocolClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocket socket;

    private final Listener listener;

    private ProtocolClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /** Opens a connection to {@code ws://host:port/ws}. */
    public static ProtocolClient connect(URI webSocketUri) {
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(webSocketUri, listener)
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
        return new ProtocolClient(socket, listener);
    }

    /** Sends one frame built from alternating keys and values, for example {@code send("type", "ping", "ref", "1")}. */
    public ProtocolClient send(Object... keysAndValues) {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            frame.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return sendRaw(JSON.writeValueAsString(frame));
    }

    /** Sends text exactly as given (it need not be valid JSON). */
    public ProtocolClient sendRaw(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Signs in and waits for {@code ready}. */
    public JsonNode signIn(String token) {
        send("type", "auth", "ref", "auth", "token", token);
        return await(frame -> "ready".equals(type(frame)) || "error".equals(type(frame)), Duration.ofSeconds(40));
    }

    /**
     * Waits for the first frame not taken before that matches, takes it and returns it; fails with every frame seen
     * so far if none comes in time.
     */
    public JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
        return listener.take(matching, timeout);
    }

    /** Waits for the reply (any frame) carrying this {@code ref}. */
    public JsonNode reply(String ref) {
        return await(frame -> ref.equals(text(frame, "ref")), Duration.ofSeconds(20));
    }

    /** Waits for the next frame of this type. */
    public JsonNode awaitType(String type) {
        return await(frame -> type.equals(type(frame)), Duration.ofSeconds(20));
    }

    /** Every frame received so far, taken or not. */
    public List<JsonNode> received() {
        return listener.all();
    }

    /** The close code the server sent, waiting for it up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        return listener.closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Stops reading from the socket, as a frozen browser tab would; the server's writes then back up. */
    public void stall() {
        listener.stalled = true;
    }

    /** Reads again after {@link #stall()}. */
    public void unstall() {
        listener.stalled = false;
        socket.request(1);
    }

    public boolean isClosed() {
        return listener.closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    public static String type(JsonNode frame) {
        return text(frame, "type");
    }

    public static String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static final class Listener implements WebSocket.Listener {

        private final List<JsonNode> frames = new ArrayList<>();

        private final List<Boolean> taken = new ArrayList<>();

        private final StringBuilder partial = new StringBuilder();

        private final CompletableFuture<Integer> closed = new CompletableFuture<>();

        private volatile boolean stalled;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(partial.toString());
                partial.setLength(0);
                synchronized (this) {
                    frames.add(frame);
                    taken.add(false);
                    notifyAll();
                }
            }
            if (!stalled) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            synchronized (this) {
                notifyAll();
            }
            return null;
        }

        /** Why the connection ended without a close frame (closed with -1), for the failure message and CI's log. */
        private volatile Throwable error;

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            this.error = error;
            // NOTE: printed, since a test that expects a close code only sees -1; CI keeps the build output only.
            System.err.println("ProtocolClient: the connection ended with an error instead of a close frame: " + error);
            closed.complete(-1);
            synchronized (this) {
                notifyAll();
            }
        }

        synchronized JsonNode take(Predicate<JsonNode> matching, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (int i = 0; i < frames.size(); i++) {
                    if (!taken.get(i) && matching.test(frames.get(i))) {
                        taken.set(i, true);
                        return frames.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                // NOTE: frames are delivered before the close, so after it nothing more can match.
                if (left <= 0 || closed.isDone()) {
                    throw new AssertionError("no matching frame within " + timeout + "; received: " + frames
                            + (closed.isDone() ? "; closed with " + closed.join() : "")
                            + (error != null ? " (" + error + ")" : ""));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        synchronized List<JsonNode> all() {
            return List.copyOf(frames);
        }
    }
}
