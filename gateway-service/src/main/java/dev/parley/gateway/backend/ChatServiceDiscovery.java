package dev.parley.gateway.backend;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds the chat-service instances behind each configured name again and again, every address of a name an instance
 * of its own: with a Kubernetes headless Service, the pods. Every gateway then gives each room the same pod
 * ({@link ChatInstances}), and a pod added by a scale-up gets its share of rooms within one interval plus the JVM's
 * DNS cache time (the manifests set it to 5 s; the JDK's default is 30 s).
 */
final class ChatServiceDiscovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChatServiceDiscovery.class);

    /** Looks a host name up; may block. */
    @FunctionalInterface
    interface Resolver {

        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));
    }

    private final ChatInstances instances;

    private final List<URI> names;

    private final Duration every;

    private final Resolver resolver;

    private final Function<String, ChatInstances.Instance> create;

    private volatile Disposable lookups;

    private volatile List<String> lastFound = List.of();

    ChatServiceDiscovery(ChatInstances instances, List<URI> names, Duration every, Resolver resolver,
            Function<String, ChatInstances.Instance> create) {
        for (URI name : names) {
            if (name.getHost() == null || name.getPort() < 0) {
                throw new IllegalArgumentException("a chat-service address needs a host and a port: " + name);
            }
        }
        this.instances = instances;
        this.names = List.copyOf(names);
        this.every = every;
        this.resolver = resolver;
        this.create = create;
    }

    /**
     * Looks the names up once before anything else starts (a lookup that fails keeps the names as given), then every
     * interval; does nothing if the interval is zero (discovery off: the list is used as given).
     */
    @Override
    public void start() {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        // NOTE: the first lookup runs here, on the starting thread and before the web server takes calls, so that no
        // relay opens on the headless name itself (whichever pod the name's first address is).
        found(lookUp());
        // Later lookups block (the JDK's resolver), so they run on the bounded elastic scheduler, one at a time.
        lookups = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(this::lookUp).subscribeOn(Schedulers.boundedElastic()), 1)
                .subscribe(this::found, error -> log.error("chat-service discovery stopped", error));
    }

    /** Before the web server starts and after it has drained (its lifecycle phases are higher). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** The instances' addresses now, {@code tcp://<ip>:<port>}; empty if no name could be looked up. */
    List<String> lookUp() {
        List<String> addresses = new ArrayList<>();
        for (URI name : names) {
            try {
                for (InetAddress address : resolver.resolve(name.getHost())) {
                    String host = address.getHostAddress();
                    addresses.add("tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + name.getPort());
                }
            }
            catch (UnknownHostException | RuntimeException e) {
                // Keeps the instances found before: a DNS hiccup must not empty the list.
                log.warn("Could not look up chat-service instances at {}: {}", name.getHost(), e.toString());
                return List.of();
            }
        }
        return addresses;
    }

    private void found(List<String> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        List<String> sorted = addresses.stream().distinct().sorted().toList();
        if (sorted.equals(lastFound)) {
            return;
        }
        try {
            instances.listAs(sorted, create);
            lastFound = sorted;
            log.info("chat-service instances: {}", sorted);
        }
        catch (RuntimeException e) {
            // The next lookup tries again; one bad answer must not end discovery.
            log.warn("Could not use the chat-service instances found ({}): {}", sorted, e.toString());
        }
    }

    @Override
    public void stop() {
        Disposable running = lookups;
        if (running != null) {
            running.dispose();
        }
        lookups = null;
    }

    @Override
    public boolean isRunning() {
        return lookups != null;
    }
}
