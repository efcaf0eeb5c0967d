package dev.parley.gateway.socket;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The open WebSocket sessions of this gateway. When the gateway stops, every client is told to reconnect elsewhere
 * (close code 4000) before the web server's own graceful shutdown, which would otherwise wait for these long-lived
 * connections until its timeout.
 */
@Component
class ConnectedClients implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectedClients.class);

    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final Set<ChatSession> sessions = ConcurrentHashMap.newKeySet();

    private final Duration pingInterval;

    private volatile boolean running;

    /** One timer for the whole gateway; a timer per connection cost each idle connection about 300 B of heap. */
    private volatile Disposable pings;

    ConnectedClients(SocketProperties properties) {
        this.pingInterval = properties.pingInterval();
    }

    void add(ChatSession session) {
        sessions.add(session);
        if (!running) {
            session.goAway();
        }
    }

    void remove(ChatSession session) {
        sessions.remove(session);
    }

    /** Hands a frame meant for everyone signed in (the room feed) to every such connection of this gateway. */
    void broadcast(ServerFrame frame) {
        Outgoing outgoing = new Outgoing.Frame(frame);
        for (ChatSession session : sessions) {
            // NOTE: one session's failure must neither keep the frame from the others nor end the shared feed.
            try {
                session.onBroadcast(outgoing);
            }
            catch (RuntimeException e) {
                log.warn("A room feed frame could not be handed to a connection", e);
            }
        }
    }

    int count() {
        return sessions.size();
    }

    @Override
    public void start() {
        running = true;
        pings = Flux.interval(pingInterval, pingInterval)
                .onBackpressureDrop()
                .subscribe(tick -> sessions.forEach(ChatSession::keepAlive));
    }

    @Override
    public void stop() {
        running = false;
        Disposable timer = pings;
        if (timer != null) {
            timer.dispose();
        }
        int open = sessions.size();
        sessions.forEach(ChatSession::goAway);
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        // NOTE: Lifecycle.stop() is called on the shutdown thread, never on an event loop, so waiting here is safe.
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Told {} WebSocket clients to reconnect elsewhere; {} still open", open, sessions.size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Before the web server's graceful shutdown (a lower phase), which waits for open connections.
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
