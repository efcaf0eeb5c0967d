package dev.parley.room.password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.parley.room.RoomProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A join storm queues bcrypt checks behind one thread. A caller that gives up (the gateway's request timeout cancels
 * the RSocket request) must take its check out of the queue, and callers asking the same at the same time must share
 * one check, or the storm would burn the CPU the message path needs (docs/benchmarks.md, scenario (e)).
 */
class QueuedChecksTest {

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
            checked.add(raw + " against " + encoded);
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

    @AfterEach
    void stopTheScheduler() {
        passwords.destroy();
    }

    @Test
    void aCheckWhoseCallerHasGoneIsNeverRun() throws InterruptedException {
        CountDownLatch thirdDone = new CountDownLatch(1);
        passwords.matches("Room", "first", "hash").subscribe();
        Disposable abandoned = passwords.matches("Room", "abandoned", "hash").subscribe();
        abandoned.dispose();
        ask("Room", "third", "hash", thirdDone);
        release.countDown();
        // One thread, first in first out: had the abandoned check run, it would have run before the third.
        assertThat(thirdDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(checked).containsExactly("first against hash", "third against hash");
    }

    @Test
    void callersCheckingOnePasswordAgainstOneHashMeanwhileShareOneRun() throws InterruptedException {
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        CountDownLatch answered = new CountDownLatch(5);
        passwords.matches("Room", "first", "hash").subscribe();
        // All asked while the only thread is busy with the first check.
        for (int i = 0; i < 3; i++) {
            passwords.matches("Room", "same", "hash").subscribe(answer -> {
                answers.add(answer);
                answered.countDown();
            });
        }
        ask("Room", "same", "other hash", answered);
        ask("Room", "other", "hash", answered);
        release.countDown();

        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answers).containsExactly(true, true, true);
        assertThat(checked).containsExactly("first against hash", "same against hash", "same against other hash",
                "other against hash");
    }

    @Test
    void aSharedCheckStillAnswersTheCallersLeftWhenOneGivesUp() throws InterruptedException {
        CountDownLatch stayerAnswered = new CountDownLatch(1);
        passwords.matches("Room", "first", "hash").subscribe();
        Disposable leaver = passwords.matches("Room", "same", "hash").subscribe();
        ask("Room", "same", "hash", stayerAnswered);
        leaver.dispose();
        release.countDown();

        assertThat(stayerAnswered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(checked).containsExactly("first against hash", "same against hash");
    }

    @Test
    void onlyChecksForTheSameRoomNameAreSharedWhetherTheRoomExistsOrNot() throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(6);
        passwords.matches("Room", "first", "hash").subscribe();
        for (String room : List.of("General", " general", "Nowhere", "NOWHERE", "Elsewhere")) {
            ask(room, "same", room.strip().equalsIgnoreCase("general") ? "hash" : null, answered);
        }
        ask("Other", "same", "hash", answered);
        release.countDown();

        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        // General once, Nowhere once (the unknown room's dummy hash is "hash" here), Elsewhere and Other on their own.
        assertThat(checked).containsExactly("first against hash", "same against hash", "same against hash",
                "same against hash", "same against hash");
    }

    @Test
    void everyCallerGetsExactlyOneAnswerWhileChecksEndAndStartUnderIt() throws Exception {
        release.countDown();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                answers.add(callers.submit(() -> passwords.matches("Room", "same", "hash").block(Duration.ofSeconds(10))));
            }
            for (Future<Boolean> answer : answers) {
                // NOTE: block() returns null when the Mono completes empty: a caller left without an answer.
                assertThat(answer.get(20, TimeUnit.SECONDS)).isTrue();
            }
        }
        finally {
            callers.shutdownNow();
        }
        assertThat(passwords.checksInFlight()).isZero();
    }

    @Test
    void aCheckWhoseCallersAllLeftIsForgotten() {
        Disposable first = passwords.matches("Room", "first", "hash").subscribe();
        Disposable one = passwords.matches("Room", "same", "hash").subscribe();
        Disposable other = passwords.matches("Room", "same", "hash").subscribe();
        one.dispose();
        other.dispose();
        first.dispose();
        release.countDown();

        assertThat(passwords.checksInFlight()).isZero();
    }

    @Test
    void noAnswerIsKeptOnceACheckHasRun() {
        release.countDown();
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(passwords.matches("Room", "again", "hash")).expectNext(true).expectComplete()
                .verify(Duration.ofSeconds(10));
        }
        assertThat(checked).containsExactly("again against hash", "again against hash");
    }

    /** Asks, and counts the answer down on {@code answered}. */
    private void ask(String room, String password, String hash, CountDownLatch answered) {
        passwords.matches(room, password, hash).subscribe(answer -> answered.countDown());
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
