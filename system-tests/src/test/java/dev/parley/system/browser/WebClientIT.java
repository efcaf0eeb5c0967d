package dev.parley.system.browser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.parley.launcher.ParleySystem;
import dev.parley.launcher.ServiceInstance;
import dev.parley.system.RunningSystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client in two real browsers (two profiles, two users) against the running system, signing in through the
 * issuer's login page: rooms, joining, live chat, history after a reload, XSS, and resuming across a gateway restart.
 */
class WebClientIT {

    private static final String XSS = "<img src=x onerror=alert(1)>";

    private static ParleySystem system;

    private static URI gateway;

    private static Browser alice;

    private static Browser bob;

    @BeforeAll
    static void openBrowsers() {
        assertThat(Browser.available()).as("/usr/bin/chromium and /usr/bin/chromedriver (apt-get install -y "
                + "chromium chromium-driver)").isTrue();
        system = RunningSystem.get().system();
        // NOTE: "localhost" like the issuer's URI, so the issuer's session cookie is same-site for silent renewal.
        gateway = URI.create("http://localhost:" + system.gatewayUris().get(0).getPort());
        alice = Browser.open(1100, 760);
        // NOTE: bob uses a phone-sized window, so the whole scenario also runs on the small layout.
        bob = Browser.open(400, 820);
    }

    @AfterAll
    static void closeBrowsers() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    void twoUsersChatThroughTheWebClientAndResumeAfterAGatewayRestart() {
        alice.signIn(gateway, "alice", "alice-pass");
        bob.signIn(gateway, "bob", "bob-pass");
        assertThat(alice.find(By.cssSelector("[data-testid=user-name]")).getText()).isEqualTo("Alice Liddell");

        String roomName = "Web " + UUID.randomUUID().toString().substring(0, 8);
        String roomId = aliceCreatesRoom(roomName);
        bobSeesTheRoomAppearAndJoinsWithWrongThenRightPassword(roomId);

        alice.sendMessage("Hello Bob 👋");
        bob.awaitMessage("Hello Bob 👋");
        bob.sendMessage("שלום Alice — مرحبا");
        alice.awaitMessage("שלום Alice — مرحبا");
        assertThat(alice.awaitMessage("שלום Alice — مرحبا")
                .findElement(By.cssSelector("[data-testid=message-text]"))
                .getAttribute("dir")).isEqualTo("auto");

        xssPayloadStaysText();
        longMessageWrapsOnAPhone();

        bob.reload();
        bob.awaitMessage(XSS);
        assertThat(bob.seqs()).containsExactly(1L, 2L, 3L, 4L);

        alice.screenshot(Path.of(System.getProperty("parley.home", ".."), "docs", "images", "chat.png"));

        bothResumeAfterGatewayRestart();
    }

    private String aliceCreatesRoom(String roomName) {
        alice.type(By.id("create-name"), roomName);
        alice.type(By.id("create-password"), "correct horse");
        alice.click(By.id("create-submit"));
        alice.waitUntil(ExpectedConditions.urlContains("#/room/"));
        alice.find(By.id("message-input"));
        assertThat(alice.find(By.id("room-title")).getText()).isEqualTo(roomName);
        return alice.currentUrl().substring(alice.currentUrl().indexOf("#/room/") + "#/room/".length());
    }

    private void bobSeesTheRoomAppearAndJoinsWithWrongThenRightPassword(String roomId) {
        By room = By.cssSelector("[data-testid=room-item][data-room-id='" + roomId + "']");
        bob.click(room);
        bob.type(By.id("join-password"), "wrong horse");
        bob.click(By.id("join-submit"));
        WebElement error = bob.waitUntil(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=join-error]")));
        bob.waitUntil((driver) -> !error.getText().isBlank());
        assertThat(error.getText()).contains("Wrong password");
        assertThat(bob.currentUrl()).contains("#/join/" + roomId);

        bob.type(By.id("join-password"), "correct horse");
        bob.click(By.id("join-submit"));
        bob.waitUntil(ExpectedConditions.urlContains("#/room/" + roomId));
        bob.find(By.id("message-input"));
    }

    private void xssPayloadStaysText() {
        alice.sendMessage(XSS);
        for (Browser browser : List.of(alice, bob)) {
            WebElement message = browser.awaitMessage(XSS);
            assertThat(Browser.messageText(message)).isEqualTo(XSS);
            assertThat(message.findElements(By.tagName("img"))).isEmpty();
            assertThat(browser.alertPresent()).isFalse();
        }
    }

    private void longMessageWrapsOnAPhone() {
        String longWord = "x".repeat(600);
        bob.sendMessage(longWord);
        bob.awaitMessage(longWord);
        alice.awaitMessage(longWord);
        WebElement scroller = bob.find(By.cssSelector("[data-testid=message-scroller]"));
        Object overflow = bob.waitUntil((driver) -> ((JavascriptExecutor) driver)
                .executeScript("return arguments[0].scrollWidth - arguments[0].clientWidth;", scroller));
        assertThat(((Number) overflow).longValue()).isLessThanOrEqualTo(0L);
    }

    private void bothResumeAfterGatewayRestart() {
        ServiceInstance gatewayProcess = system.instance("gateway-1");
        gatewayProcess.stop();
        for (Browser browser : List.of(alice, bob)) {
            browser.waitUntil((driver) -> !"connected".equals(browser.connectionState()));
        }
        // Sent while the gateway is down: shown as pending, sent (once) after the reconnect.
        bob.sendMessage("sent while offline");
        assertThat(bob.find(By.cssSelector("[data-testid=message][data-pending=true]")).getText())
                .contains("sent while offline");
        gatewayProcess.start();

        Duration reconnect = Duration.ofSeconds(60);
        alice.waitUntil((driver) -> "connected".equals(alice.connectionState()), reconnect);
        bob.waitUntil((driver) -> "connected".equals(bob.connectionState()), reconnect);
        alice.awaitMessage("sent while offline");
        alice.sendMessage("back again");
        bob.awaitMessage("back again");
        alice.awaitMessage("back again");

        List<Long> expected = LongStream.rangeClosed(1, 6).boxed().toList();
        assertThat(alice.seqs()).isEqualTo(expected);
        bob.waitUntil((driver) -> bob.seqs().size() == expected.size());
        assertThat(bob.seqs()).isEqualTo(expected);
        assertThat(bob.messages()).hasSize(expected.size());
        assertThat(alice.messages()).hasSize(expected.size());
    }
}
