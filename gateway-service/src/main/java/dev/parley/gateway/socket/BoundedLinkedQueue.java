package dev.parley.gateway.socket;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue of at most {@code capacity} items whose memory follows what it holds (a node per item). NOTE: an array queue
 * of the full capacity would be allocated up front for every connection, and nearly every connection's queue is
 * nearly always empty (docs/benchmarks.md, heap per idle connection). Offers come from one producer at a time (the
 * session, or a room's relay, serializes them); polls may race when a connection is cancelled (the sink and its consumer both clear it),
 * which a lock-free linked queue tolerates and a single-consumer one does not. A full queue refuses the item, which a
 * sink reports as an overflow.
 */
final class BoundedLinkedQueue<T> extends AbstractQueue<T> {

    private final Queue<T> items;

    private final int capacity;

    private final AtomicInteger size = new AtomicInteger();

    BoundedLinkedQueue(int capacity) {
        this.items = new ConcurrentLinkedQueue<>();
        this.capacity = capacity;
    }

    @Override
    public boolean offer(T item) {
        if (size.get() >= capacity) {
            return false;
        }
        // NOTE: counted before it is visible, so that the consumer's decrement never precedes it.
        size.incrementAndGet();
        items.offer(item);
        return true;
    }

    @Override
    public T poll() {
        T item = items.poll();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    @Override
    public T peek() {
        return items.peek();
    }

    @Override
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public int size() {
        return Math.max(0, size.get());
    }

    @Override
    public void clear() {
        while (poll() != null) {
            // drained
        }
    }

    @Override
    public Iterator<T> iterator() {
        return items.iterator();
    }
}
