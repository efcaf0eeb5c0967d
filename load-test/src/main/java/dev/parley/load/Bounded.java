package dev.parley.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Starts many asynchronous operations with at most so many outstanding, and waits for all of them. */
final class Bounded {

    private Bounded() {
    }

    /**
     * Runs {@code task(0)} … {@code task(count - 1)}, at most {@code concurrency} at a time, and returns their
     * futures once all are done (some may have failed).
     */
    static <T> List<CompletableFuture<T>> run(int count, int concurrency, IntFunction<CompletableFuture<T>> task) {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<T>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            CompletableFuture<T> started;
            try {
                started = task.apply(i);
            }
            catch (RuntimeException ex) {
                started = CompletableFuture.failedFuture(ex);
            }
            started.whenComplete((result, failure) -> permits.release());
            all.add(started);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).exceptionally((failure) -> null).join();
        return all;
    }

    /** Like {@link #run}, but the first failure fails the whole: for setup steps that must all succeed. */
    static <T> List<T> runAll(String what, int count, int concurrency, IntFunction<CompletableFuture<T>> task) {
        List<CompletableFuture<T>> done = run(count, concurrency, task);
        List<T> results = new ArrayList<>(count);
        for (CompletableFuture<T> each : done) {
            if (each.isCompletedExceptionally()) {
                Throwable cause = each.handle((result, failure) -> failure).join();
                throw new IllegalStateException(what + " failed: " + message(cause), cause);
            }
            results.add(each.join());
        }
        return results;
    }

    static String message(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
