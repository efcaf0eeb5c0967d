package dev.parley.system.browser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import dev.parley.system.RequestThreads;
import dev.parley.system.RunningSystem;
import dev.parley.testsupport.ProtocolClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client in real browsers (one profile per user) against the running system, signing in through the issuer's
 * login page: rooms, joining, live chat, history after a reload, XSS, resuming across a gateway restart, silent token
 * renewal on the open WebSocket, and signing out.
 */
class WebClientIT {

    private static final String XSS = "<img src=x onerror=alert(1)>";

    /**
     * Brings the expiry oidc-client-ts keeps for the signed-in user forward to {@code arguments[0]} seconds from now.
     * Only the browser's belief changes: the token itself, and the gateway's view of it, stay as issued.
     */
    private static final String EXPIRE_STORED_TOKEN_IN = """
            const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
            const user = JSON.parse(sessionStorage.getItem(key));
            user.expires_at = Math.floor(Date.now() / 1000) + arguments[0];
            sessionStorage.setItem(key, JSON.stringify(user));
            """;

    /** Records, in {@code window.badgeSeen}, every connection state and renewal count the badge shows from now on. */
    private static final String RECORD_BADGE = """
            const badge = document.querySelector('[data-testid=connection-state]');
            const seen = { states: [badge.dataset.state], renewals: [badge.dataset.tokenRenewals] };
            window.badgeSeen = seen;
            new MutationObserver(() => {
              seen.states.push(badge.dataset.state);
              seen.renewals.push(badge.dataset.tokenRenewals);
            }).observe(badge, { attributes: true, attributeFilter: ['data-state', 'data-token-renewals'] });
            """;

    /** The access token oidc-client-ts keeps for the signed-in user (only to check the page never shows it). */
    private static final String ACCESS_TOKEN = """
            const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
            return key ? JSON.parse(sessionStorage.getItem(key)).access_token : null;
            """;

    private static ParleySystem system;

    private static URI gateway;

    private static Browser alice;

    private static Browser bob;

    @BeforeAll
    static void openBrowsers() {
        assertThat(Browser.available()).as("/usr/bin/chromium and /usr/bin/chromedriver (apt-get install -y "
                + "chromium chromium-driver)").isTrue();
        system = RunningSystem.get().system();
        Browser.onStall((report) -> RequestThreads.print(system, report));
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
        // Bob looks for the room before it exists: the list is searched on the server, and kept live under a search.
        bob.type(By.id("room-search"), roomName.toLowerCase());
        bob.waitUntil(ExpectedConditions.textToBe(By.cssSelector("[data-testid=room-list] .empty"),
                "No room name contains that."));
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
        return createRoom(alice, roomName);
    }

    private static String createRoom(Browser browser, String roomName) {
        browser.type(By.id("create-name"), roomName);
        browser.type(By.id("create-password"), "correct horse");
        browser.click(By.id("create-submit"));
        browser.waitUntil(ExpectedConditions.urlContains("#/room/"));
        browser.find(By.id("message-input"));
        assertThat(browser.find(By.id("room-title")).getText()).isEqualTo(roomName);
        return browser.currentUrl().substring(browser.currentUrl().indexOf("#/room/") + "#/room/".length());
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

    @Test
    void aSilentlyRenewedTokenIsHandedToTheOpenSocketWhichCarriesOnWithoutReconnecting() {
        try (Browser carol = Browser.open(1000, 760)) {
            carol.signIn(gateway, "carol", "carol-pass");
            createRoom(carol, "Renewal " + UUID.randomUUID().toString().substring(0, 8));
            // NOTE: the web client renews a minute before expiry, and tokens live 30 minutes here. Telling the browser
            // that this one ends in 68 s makes oidc-client-ts's own timer start the renewal about 8 s after the page
            // loads, on the path a real expiry takes (hidden-frame authorize with prompt=none, the code exchange,
            // userLoaded, the `auth` frame). The short-lived test client is no substitute: its tokens (3 s) and the
            // test system's grace (2 s) leave a browser about a second for each renewal, which a busy machine misses.
            carol.script(EXPIRE_STORED_TOKEN_IN, 68);
            carol.reload();
            carol.find(By.id("message-input"));
            carol.script(RECORD_BADGE);
            Instant firstExpiry = tokenExpiresAt(carol);
            assertThat(tokenRenewals(carol)).isZero();

            carol.waitUntil((driver) -> tokenRenewals(carol) >= 1, Duration.ofSeconds(45));
            assertThat(tokenExpiresAt(carol)).as("the expiry the gateway answered with auth.refreshed")
                    .isAfter(firstExpiry);
            carol.sendMessage("still on the same connection");
            carol.awaitMessage("still on the same connection");

            @SuppressWarnings("unchecked")
            Map<String, List<String>> seen = (Map<String, List<String>>) carol.script("return window.badgeSeen;");
            assertThat(seen.get("states")).as("connection states since the reload").containsOnly("connected");
            assertThat(seen.get("renewals").stream().map(Integer::valueOf).toList())
                    .as("renewals accepted on this connection (a new connection would start again at 0)")
                    .isSorted()
                    .contains(1);
            String token = (String) carol.script(ACCESS_TOKEN);
            assertThat(token).as("the signed-in user's access token in sessionStorage").isNotBlank();
            assertThat(carol.pageSource().contains(token)).as("the page shows the access token").isFalse();
            assertThat(carol.consoleLog().contains(token)).as("the console shows the access token").isFalse();
        }
    }

    @Test
    void aLongRoomListIsSearchedOnTheServerAndPagedOnWithMoreRooms() {
        RunningSystem running = RunningSystem.get();
        String tag = "Shelf " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser carol = Browser.open(1000, 760);
                ProtocolClient owner = running.connect(0, running.accessToken("alice"))) {
            // One room more than the web client's page of 50.
            for (int i = 0; i <= 50; i++) {
                owner.send("type", "room.create", "ref", "c" + i, "name", String.format("%s %02d", tag, i), "password",
                        "correct horse");
                assertThat(ProtocolClient.type(owner.reply("c" + i))).isEqualTo("room.joined");
            }
            // After the 51 rooms by name, so never on the first page carol gets; created before she signs in.
            String hiddenName = "Zz hidden " + UUID.randomUUID().toString().substring(0, 8);
            owner.send("type", "room.create", "ref", "h", "name", hiddenName, "password", "correct horse");
            String hiddenId = ProtocolClient.text(owner.reply("h").get("room"), "id");
            carol.signIn(gateway, "carol", "carol-pass");
            By rooms = By.cssSelector("[data-testid=room-item]");
            By more = By.cssSelector("[data-testid=more-rooms]");

            carol.type(By.id("room-search"), tag.toUpperCase());
            carol.waitUntil((driver) -> driver.findElements(rooms).size() == 50);
            assertThat(carol.find(more).getText()).isEqualTo("More rooms");
            // NOTE: a click while the list reloads (the first page the server sends after sign-in may come after the
            // search and run it again) is not taken, as a person would find: click again until the next page shows.
            carol.waitUntil((driver) -> {
                if (driver.findElements(rooms).size() == 51) {
                    return Boolean.TRUE;
                }
                for (WebElement button : driver.findElements(more)) {
                    if (button.isDisplayed() && button.isEnabled()) {
                        button.click();
                    }
                }
                return null;
            });
            carol.waitUntil(ExpectedConditions.invisibilityOfElementLocated(more));
            String last = carol.waitUntil((driver) -> driver.findElements(rooms).get(50).getAttribute("data-room-name"));
            assertThat(last).isEqualTo(tag + " 50");

            // A link to a room on no page loaded still opens a join form, by name.
            carol.script("window.location.hash = arguments[0]", "#/join/" + hiddenId);
            assertThat(carol.find(By.id("join-title")).getText()).isEqualTo("Join a room");
            carol.type(By.id("join-name"), hiddenName);
            carol.type(By.id("join-password"), "correct horse");
            carol.click(By.id("join-submit"));
            carol.waitUntil(ExpectedConditions.urlContains("#/room/" + hiddenId));
            carol.find(By.id("message-input"));
        }
    }

    @Test
    void aMemberTheOwnerRemovesIsTakenOutOfTheOpenRoomToItsJoinForm() {
        RunningSystem running = RunningSystem.get();
        try (Browser carol = Browser.open(1000, 760);
                ProtocolClient owner = running.connect(0, running.accessToken("alice"))) {
            carol.signIn(gateway, "carol", "carol-pass");
            String name = "Kick " + UUID.randomUUID().toString().substring(0, 8);
            owner.send("type", "room.create", "ref", "c", "name", name, "password", "correct horse");
            String roomId = ProtocolClient.text(owner.reply("c").get("room"), "id");
            // Found by name: the list shows one page of all rooms, and this one need not be on it.
            carol.type(By.id("room-search"), name.substring("Kick ".length()));
            carol.click(By.cssSelector("[data-testid=room-item][data-room-id='" + roomId + "']"));
            carol.type(By.id("join-password"), "correct horse");
            carol.click(By.id("join-submit"));
            carol.waitUntil(ExpectedConditions.urlContains("#/room/" + roomId));
            carol.find(By.id("message-input"));
            carol.sendMessage("before the owner removes me");
            carol.awaitMessage("before the owner removes me");

            owner.send("type", "room.member.remove", "ref", "r", "roomId", roomId, "userId", "carol");
            assertThat(ProtocolClient.type(owner.reply("r"))).isEqualTo("room.member.removed");

            carol.waitUntil(ExpectedConditions.urlContains("#/join/" + roomId));
            assertThat(carol.find(By.cssSelector("[data-testid=join-error]")).getText())
                    .isEqualTo("You are no longer a member of this room.");
            assertThat(carol.connectionState()).as("the connection itself carries on").isEqualTo("connected");
        }
    }

    @Test
    void signingOutEndsTheIssuerSessionSoOpeningTheAppAgainAsksForTheLoginAgain() {
        URI login = system.issuerUri().resolve("/login");
        try (Browser carol = Browser.open(1000, 760)) {
            carol.signIn(gateway, "carol", "carol-pass");
            WebElement signOut = carol.find(By.id("sign-out"));
            assertThat(signOut.getText()).isEqualTo("Sign out");
            signOut.click();

            // The issuer ends its session and sends the browser back to the app, which finds nobody signed in and
            // asks the issuer to sign in: the login page, not a silent sign-in.
            carol.awaitLoginPage();
            assertThat(carol.currentUrl()).startsWith(login.toString());

            carol.open(gateway);
            carol.waitUntil((driver) -> carol.showsLoginPage() || "connected".equals(carol.connectionState()));
            assertThat(carol.showsLoginPage()).as("the login page, not the chat").isTrue();
            assertThat(carol.currentUrl()).startsWith(login.toString());

            carol.logIn("carol", "carol-pass");
            carol.awaitConnectionState("connected");
            assertThat(carol.find(By.cssSelector("[data-testid=user-name]")).getText()).isEqualTo("Carol Danvers");
        }
    }

    private static Instant tokenExpiresAt(Browser browser) {
        String value = browser.connectionBadge("data-token-expires-at");
        assertThat(value).as("data-token-expires-at").isNotBlank();
        return Instant.parse(value);
    }

    private static int tokenRenewals(Browser browser) {
        String value = browser.connectionBadge("data-token-renewals");
        return (value == null || value.isBlank()) ? 0 : Integer.parseInt(value);
    }
}
