package dev.parley.system.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with its own profile, driving the web client as a person would. Uses the system's chromium
 * and chromedriver, so Selenium Manager never downloads anything.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path profile;

    private final ChromeDriverService service;

    private final ChromeDriver driver;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Whether this machine has the Debian chromium and chromedriver the tests use. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Opens a browser with a fresh profile and a window of the given size. */
    static Browser open(int width, int height) {
        try {
            Path profile = Files.createTempDirectory("parley-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile);
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            return new Browser(profile, service, driver);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Opens the web client and signs in on the issuer's login page. */
    void signIn(URI gateway, String user, String password) {
        open(gateway);
        awaitLoginPage();
        logIn(user, password);
        awaitConnectionState("connected");
    }

    /** Opens the web client's start page, as typing its address would. */
    void open(URI gateway) {
        driver.get(gateway.resolve("/").toString());
    }

    void awaitLoginPage() {
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    /** Fills in and submits the issuer's login form. */
    void logIn(String user, String password) {
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Whether the issuer's login form is on screen. */
    boolean showsLoginPage() {
        return driver.findElements(By.id("username")).stream().anyMatch(WebElement::isDisplayed);
    }

    void awaitConnectionState(String state) {
        waitUntil(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection-state]"), "data-state",
                state));
    }

    String connectionState() {
        return connectionBadge("data-state");
    }

    /** An attribute of the connection-state badge; null if the page has no badge or the badge has no such attribute. */
    String connectionBadge(String attribute) {
        return driver.findElements(By.cssSelector("[data-testid=connection-state]"))
                .stream()
                .findFirst()
                .map((badge) -> badge.getAttribute(attribute))
                .orElse(null);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    WebElement find(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By field, String text) {
        WebElement element = find(field);
        element.clear();
        element.sendKeys(text);
    }

    void click(By by) {
        waitUntil(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Types a message and sends it with Enter, as a keyboard user would. */
    void sendMessage(String text) {
        WebElement input = find(By.id("message-input"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** Waits until a confirmed message (one with a seq) with exactly this text is shown, and returns it. */
    WebElement awaitMessage(String text) {
        return waitUntil((driver) -> messages().stream()
                .filter((message) -> message.getAttribute("data-seq") != null)
                .filter((message) -> text.equals(messageText(message)))
                .findFirst()
                .orElse(null));
    }

    List<WebElement> messages() {
        return driver.findElements(By.cssSelector("[data-testid=message]"));
    }

    /** The seq of every message on the page, in page order (pending ones have none and are left out). */
    List<Long> seqs() {
        return messages().stream()
                .map((message) -> message.getAttribute("data-seq"))
                .filter((seq) -> seq != null)
                .map(Long::valueOf)
                .toList();
    }

    static String messageText(WebElement message) {
        return message.findElement(By.cssSelector("[data-testid=message-text]")).getText();
    }

    boolean alertPresent() {
        try {
            driver.switchTo().alert();
            return true;
        }
        catch (NoAlertPresentException ex) {
            return false;
        }
    }

    void reload() {
        driver.navigate().refresh();
        awaitConnectionState("connected");
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    String pageSource() {
        return driver.getPageSource();
    }

    <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return waitUntil(condition, WAIT);
    }

    /** Waits for a condition; a timeout names the page and what it showed, so a failure explains itself. */
    <T> T waitUntil(Function<? super WebDriver, T> condition, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.withMessage(() -> "page " + driver.getCurrentUrl() + " showed: "
                + driver.findElement(By.tagName("body")).getText() + "\nconsole:\n" + consoleLog());
        return wait.until(condition);
    }

    /** What the pages wrote to the console since the last call (the web client never logs a token). */
    String consoleLog() {
        try {
            return driver.manage()
                    .logs()
                    .get(LogType.BROWSER)
                    .getAll()
                    .stream()
                    .map((entry) -> entry.getLevel() + " " + entry.getMessage())
                    .collect(Collectors.joining("\n"));
        }
        catch (RuntimeException ex) {
            return "(not available: " + ex.getMessage() + ")";
        }
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            service.stop();
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        catch (IOException ex) {
            // NOTE: a leftover temp profile is harmless; failing the test over it would not be.
        }
    }
}
