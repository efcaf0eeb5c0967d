package dev.parley.room.password;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.parley.room.RoomProperties;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A join storm queues bcrypt checks behind one thread; a caller that gives up (the gateway's request timeout cancels
 * the RSocket request) must take its check out of the queue, or the storm's abandoned checks would still burn the
 * CPU the message path needs (docs/benchmarks.md, scenario (e)).
 */
class AbandonedChecksTest {

    private final CountDownLatch release = new CountDownLatch(1);

    private final List<String> checked = new CopyOnWriteArrayList<>();

    /** Records each password it checks; the first check waits for {@link #release}, holding the only thread. */
    private final PasswordEncoder encoder = new PasswordEncoder() {

        @Override
        public String encode(CharSequence raw) {
            return "hash";
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checked.add(raw.toString());
            if ("first".contentEquals(raw)) {
                await(release);
            }
            return true;
        }
    };

    private final RoomPasswords passwords = new RoomPasswords(new RoomProperties("topic", "membership-topic",
            new RoomProperties.Password(8, 10, 1, new RoomProperties.Attempts(5, 20, Duration.ofMinutes(1))),
            new RoomProperties.Events(256, Duration.ofSeconds(1)), new RoomProperties.Kafka("localhost:9092", (short) 1),
            new RoomProperties.Security("http://issuer", "http://issuer/jwks", "parley", Duration.ofSeconds(30))),
            encoder);

    @Test
    void aCheckWhoseCallerHasGoneIsNeverRun() throws InterruptedException {
        CountDownLatch thirdDone = new CountDownLatch(1);
        passwords.matches("first", "hash").subscribe();
        Disposable abandoned = passwords.matches("abandoned", "hash").subscribe();
        abandoned.dispose();
        passwords.matches("third", "hash").subscribe(matched -> thirdDone.countDown());
        release.countDown();
        // One thread, first in first out: had the abandoned check run, it would have run before the third.
        assertThat(thirdDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(checked).containsExactly("first", "third");
        passwords.destroy();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
