package dev.parley.room.password;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The password checks waiting or running now, each shared by every caller that asks the same while it does. A check
 * leaves when it answers (before the answer is handed out, so a later caller starts a check of its own, and one that
 * joined just before still gets the answer, which the check keeps for its callers) or when its last caller cancels,
 * which drops its run (out of the scheduler's queue if it has not started). Nothing outlives a check.
 */
final class InFlightChecks {

    private final ConcurrentMap<PasswordCheck, Shared> checks = new ConcurrentHashMap<>();

    /** The answer of the check running or waiting for this key, or of a new one that {@code run} starts. */
    Mono<Boolean> check(PasswordCheck key, Supplier<Mono<Boolean>> run) {
        return Mono.defer(() -> {
            Shared shared = checks.compute(key, (k, current) -> (current != null ? current : new Shared()).join());
            shared.start(key, run);
            return shared.answer.asMono().doOnCancel(() -> leave(key, shared));
        });
    }

    /** How many checks are waiting or running (for tests). */
    int size() {
        return checks.size();
    }

    private void leave(PasswordCheck key, Shared shared) {
        checks.computeIfPresent(key, (k, current) -> current == shared && shared.leave() ? null : current);
    }

    /** One run and its callers. */
    private final class Shared {

        private final Sinks.One<Boolean> answer = Sinks.one();

        private final AtomicBoolean started = new AtomicBoolean();

        /** Changed only inside a compute on this check's key, so under the map's lock for it. */
        private int callers;

        private volatile Disposable run;

        Shared join() {
            callers++;
            return this;
        }

        /** Whether that was the last caller; if so the run is dropped. */
        boolean leave() {
            if (--callers > 0) {
                return false;
            }
            // NOTE: never null here: a caller can cancel only once subscribed, which is after start() returned.
            run.dispose();
            return true;
        }

        void start(PasswordCheck key, Supplier<Mono<Boolean>> runner) {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            run = runner.get().subscribe(value -> {
                checks.remove(key, this);
                answer.tryEmitValue(value);
            }, error -> {
                checks.remove(key, this);
                answer.tryEmitError(error);
            });
        }
    }
}
