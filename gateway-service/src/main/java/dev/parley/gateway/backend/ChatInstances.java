package dev.parley.gateway.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.messaging.rsocket.RSocketRequester;

import dev.parley.model.ErrorCode;
import dev.parley.model.MessageRoutes;
import io.rsocket.RSocketErrorException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat-service instances, each room's in its own order of preference: a room's posts, history and relay go to
 * the first instance of its order that takes them, and every gateway computes the same order (rendezvous hashing of
 * the room id with each instance's address). So one chat-service stores a room's messages and hands them to every
 * gateway's relay of it from memory: the broker carries a room's messages to other instances only while its
 * instance is away or a relay opened meanwhile has not ended. An instance that cannot be connected to, or that is
 * stopping, has taken nothing, and the call goes to the room's next instance; so each of its rooms moves to its own
 * next instance and they spread over the rest. Its connection is made again at a later call, so its rooms return.
 *
 * <p>NOTE: with instances behind one Service address (Kubernetes ClusterIP), the order is over the listed
 * connections, each to an instance the Service picked: requests are spread by room, without the locality. With
 * discovery ({@link ChatServiceDiscovery}, a headless Service) the instances are the pods, and the locality holds.
 */
final class ChatInstances {

    /** How long an instance that refused a call is asked only after the others. */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(1);

    // The golden ratio's 64-bit fraction and MurmurHash3's finalizer: a cheap, well-mixed score per room and instance.
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static final String STOPPING = ErrorCode.SERVICE_UNAVAILABLE.name() + ": " + MessageRoutes.INSTANCE_STOPPING;

    /** How long an instance that is no longer listed keeps its connection, for the calls it still serves. */
    static final Duration RETIREMENT = Duration.ofSeconds(60);

    private volatile List<Instance> instances;

    /** Instances no longer listed, by address, until they are closed. */
    private final Map<String, Retired> retired = new ConcurrentHashMap<>();

    ChatInstances(List<Instance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("at least one chat-service instance is needed");
        }
        this.instances = List.copyOf(instances);
    }

    /**
     * Makes {@code addresses} the instances (discovery, {@link ChatServiceDiscovery}): a listed instance keeps its
     * connection, a new one gets one from {@code create}, one no longer listed is asked no more and closed after
     * {@link #RETIREMENT} (its relays end then at the latest, and resume on their rooms' instances) unless it is
     * listed again before (a pod whose readiness flapped keeps its connection and relays). An empty list
     * changes nothing: some instances are better than none.
     */
    synchronized void listAs(List<String> addresses, Function<String, Instance> create) {
        if (addresses.isEmpty()) {
            return;
        }
        Map<String, Instance> current = new HashMap<>();
        instances.forEach(instance -> current.put(instance.address(), instance));
        List<Instance> listed = addresses.stream().distinct()
                .map(address -> current.containsKey(address) ? current.remove(address) : rejoinedOrNew(address, create))
                .toList();
        instances = listed;
        current.values().forEach(this::retire);
    }

    /** An instance retired less than {@link #RETIREMENT} ago keeps its connection when it is listed again. */
    private Instance rejoinedOrNew(String address, Function<String, Instance> create) {
        Retired retired = this.retired.remove(address);
        if (retired == null) {
            return create.apply(address);
        }
        retired.closing().dispose();
        return retired.instance();
    }

    private void retire(Instance instance) {
        Disposable closing = Mono.delay(RETIREMENT).subscribe(tick -> retired.computeIfPresent(instance.address(),
                (address, gone) -> {
                    if (gone.instance() != instance) {
                        return gone;
                    }
                    instance.dispose();
                    return null;
                }));
        retired.put(instance.address(), new Retired(instance, closing));
    }

    /** The instances' addresses, in no particular order. */
    List<String> addresses() {
        return instances.stream().map(Instance::address).toList();
    }

    /** The room's instances, most preferred first. */
    List<Instance> forRoom(UUID roomId) {
        long room = roomId.getMostSignificantBits() * 31 + roomId.getLeastSignificantBits();
        return instances.stream()
                .sorted(Comparator.comparingLong((Instance instance) -> score(room, instance.key())).reversed()
                        .thenComparing(Instance::address))
                .toList();
    }

    /** Asks the room's first instance that takes the call (see the class comment). */
    <T> Mono<T> request(UUID roomId, Function<RSocketRequester, Mono<T>> call) {
        return Mono.defer(() -> request(attemptOrder(roomId), 0, call));
    }

    /** Like {@link #request}, for a stream: an instance that did not take it has emitted nothing. */
    <T> Flux<T> stream(UUID roomId, Function<RSocketRequester, Flux<T>> call) {
        return Flux.defer(() -> stream(attemptOrder(roomId), 0, call));
    }

    void dispose() {
        instances.forEach(Instance::dispose);
        retired.values().forEach(gone -> {
            gone.closing().dispose();
            gone.instance().dispose();
        });
        retired.clear();
    }

    /** The room's order, with the instances that refused a call within {@link #REFUSAL_MEMORY} moved last. */
    private List<Instance> attemptOrder(UUID roomId) {
        long now = System.nanoTime();
        List<Instance> order = new ArrayList<>(forRoom(roomId));
        List<Instance> refusing = new ArrayList<>();
        order.removeIf(instance -> instance.refusedRecently(now) && refusing.add(instance));
        order.addAll(refusing);
        return order;
    }

    private static <T> Mono<T> request(List<Instance> order, int index, Function<RSocketRequester, Mono<T>> call) {
        Instance instance = order.get(index);
        Mono<T> attempt = call.apply(instance.requester()).doOnError(ChatInstances::notTaken, e -> instance.refused());
        return index + 1 == order.size() ? attempt
                : attempt.onErrorResume(ChatInstances::notTaken, notTaken -> request(order, index + 1, call));
    }

    private static <T> Flux<T> stream(List<Instance> order, int index, Function<RSocketRequester, Flux<T>> call) {
        Instance instance = order.get(index);
        Flux<T> attempt = call.apply(instance.requester()).doOnError(ChatInstances::notTaken, e -> instance.refused());
        return index + 1 == order.size() ? attempt
                : attempt.onErrorResume(ChatInstances::notTaken, notTaken -> stream(order, index + 1, call));
    }

    /** The call reached no instance, or one that refused it before taking anything: another may take it. */
    static boolean notTaken(Throwable error) {
        return UnreachableInstance.is(error)
                || error instanceof RSocketErrorException remote && STOPPING.equals(remote.getMessage());
    }

    private static long score(long room, long instance) {
        long h = room ^ (instance * GOLDEN);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** An instance no longer listed, and the timer that closes it. */
    private record Retired(Instance instance, Disposable closing) {
    }

    /** One chat-service instance: its address, and its connection, made again when it was lost or never made. */
    static final class Instance {

        private final String address;

        private final long key;

        private final Supplier<RSocketRequester> connect;

        private final AtomicReference<RSocketRequester> requester = new AtomicReference<>();

        /** Until when (System.nanoTime) it is asked after the others; already past when it never refused. */
        private volatile long askedLastUntil = System.nanoTime();

        /**
         * @param address the address as configured; the same on every gateway, so every gateway orders rooms alike
         * @param connect a requester for it; one that does not connect before its first call
         */
        Instance(String address, Supplier<RSocketRequester> connect) {
            this.address = address;
            this.connect = connect;
            // 64-bit FNV-1a: String.hashCode's 32 bits would leave the high half of every score alike.
            long hash = 0xCBF29CE484222325L;
            for (int i = 0; i < address.length(); i++) {
                hash ^= address.charAt(i);
                hash *= 0x100000001B3L;
            }
            this.key = hash;
        }

        String address() {
            return address;
        }

        long key() {
            return key;
        }

        /**
         * The instance's requester. NOTE: a requester whose connection failed to open stays failed for good
         * (rsocket-java's client keeps the error), so a disposed one is replaced; one that lost an open connection
         * would reconnect by itself, and is replaced all the same.
         */
        RSocketRequester requester() {
            RSocketRequester current = requester.get();
            if (current != null && !current.rsocketClient().isDisposed()) {
                return current;
            }
            RSocketRequester fresh = connect.get();
            if (requester.compareAndSet(current, fresh)) {
                return fresh;
            }
            fresh.dispose();
            return requester.get();
        }

        void refused() {
            askedLastUntil = System.nanoTime() + REFUSAL_MEMORY.toNanos();
        }

        boolean refusedRecently(long now) {
            return now - askedLastUntil < 0;
        }

        void dispose() {
            RSocketRequester current = requester.get();
            if (current != null) {
                current.dispose();
            }
        }
    }
}
