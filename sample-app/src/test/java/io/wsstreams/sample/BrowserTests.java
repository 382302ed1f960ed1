package io.wsstreams.sample;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The page at {@code /} in two real browsers (Debian's Chromium, headless, through its
 * chromedriver): chat, presence, typing, notifications, resuming after the server closed
 * the socket, and a page of another origin that tries to sign the user out.
 */
class BrowserTests extends SampleTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(10);

	// Selenium warns on every new driver that it has no DevTools classes for this Chromium;
	// these tests use none. Held here so that the logger keeps its level.
	private static final Logger CDP_VERSION_LOGGER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private static final Logger CHROMIUM_DRIVER_LOGGER = quiet("org.openqa.selenium.chromium.ChromiumDriver");

	private final List<ChromeDriver> drivers = new ArrayList<>();

	private ChromeDriver alice;

	private ChromeDriver bob;

	@BeforeAll
	static void browserInstalled() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return;
		}
		String message = "The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
				+ " (apt-get install chromium chromium-driver)";
		if ("true".equals(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort(message);
	}

	@BeforeEach
	void openBrowsers(@TempDir Path profiles) {
		// An explicit driver executable: Selenium Manager is not consulted and downloads nothing.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		this.alice = browser(profiles.resolve("alice"));
		this.bob = browser(profiles.resolve("bob"));
	}

	@AfterEach
	void closeBrowsers() {
		this.drivers.forEach(WebDriver::quit);
	}

	@Test
	void twoUsersChatSeeEachOtherTypingAndNotifications() {
		openChannel(this.alice, "alice", "1");
		openChannel(this.bob, "bob", "1");

		// Presence: each sees the other, and a status change.
		waitFor(this.bob, By.cssSelector("#presence li[data-user='alice']"));
		waitFor(this.alice, By.cssSelector("#presence li[data-user='bob']"));
		new Select(this.alice.findElement(By.id("status"))).selectByValue("away");
		waitFor(this.bob, By.cssSelector("#presence li[data-user='alice'][data-status='away']"));

		// Typing: shown to the others only, and gone once the message is sent.
		WebElement text = this.alice.findElement(By.id("text"));
		text.sendKeys("Hello <b>Bob</b> & all");
		wait(this.bob).until(ExpectedConditions.textToBe(By.id("typing"), "alice is typing…"));
		assertThat(this.alice.findElement(By.id("typing")).getText()).isEmpty();

		// Chat: the message reaches both, as text.
		text.sendKeys(Keys.ENTER);
		wait(this.bob).until((driver) -> messages(driver).contains("Hello <b>Bob</b> & all"));
		wait(this.alice).until((driver) -> messages(driver).contains("Hello <b>Bob</b> & all"));
		wait(this.bob).until(ExpectedConditions.textToBe(By.id("typing"), ""));
		assertThat(this.bob.findElements(By.cssSelector("#messages b"))).isEmpty();

		// Notifications: posted over HTTP with alice's session, shown to both.
		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		HttpResponse<String> posted = this.http.post("/api/channels/1/notifications", "{\"text\":\"Build is green\"}",
				"Cookie", "SESSION=" + session);
		assertThat(posted.statusCode()).isEqualTo(202);
		for (WebDriver driver : List.of(this.alice, this.bob)) {
			wait(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"),
					"Build is green"));
		}
	}

	@Test
	void aPageOfAnotherOriginCannotSignTheUserOut() throws IOException {
		openChannel(this.alice, "alice", "1");
		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		// Another port of the same host is another origin but the same site, so the browser
		// sends the SameSite=Lax cookie with the page's form post.
		HttpServer hostile = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		byte[] page = ("<form method=\"post\" action=\"http://localhost:" + this.port + "/api/logout\"></form>"
				+ "<script>document.forms[0].submit()</script>")
			.getBytes(StandardCharsets.UTF_8);
		hostile.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(page);
			}
		});
		hostile.start();
		try {
			this.alice.get("http://localhost:" + hostile.getAddress().getPort() + "/");
			wait(this.alice).withMessage("the sample's 403 answer to the form post")
				.until((driver) -> driver.getPageSource().contains("another origin"));
		}
		finally {
			hostile.stop(0);
		}

		assertThat(this.http.get("/api/me", "Cookie", "SESSION=" + session).statusCode()).isEqualTo(200);
		assertThat(this.alice.manage().getCookieNamed("SESSION").getValue()).isEqualTo(session);
	}

	@Test
	void resumesAfterTheServerClosedTheSocketAndShowsMissedMessagesOnce() {
		openChannel(this.alice, "alice", "1");
		openChannel(this.bob, "bob", "1");
		String run = Long.toString(System.nanoTime(), 36);
		List<String> missed = List.of("missed 1 " + run, "missed 2 " + run, "missed 3 " + run);

		// Alice's browser goes offline, so that she cannot come back before bob has sent.
		this.alice.setNetworkConditions(offline(true));
		assertThat(this.http.delete("/actuator/streams/channel:1").statusCode()).isEqualTo(200);
		waitForState(this.alice, "reconnecting");

		// Bob's socket was closed too: his sends wait in the queue until he is back.
		for (String message : missed) {
			send(this.bob, message);
		}
		wait(this.bob).until((driver) -> messages(driver).containsAll(missed));
		waitForState(this.bob, "online");
		assertThat(state(this.alice)).isEqualTo("reconnecting");

		// Back online: alice reconnects with since=chat:<last id> and gets what she missed.
		this.alice.setNetworkConditions(offline(false));
		waitForState(this.alice, "online");
		send(this.bob, "after " + run);
		wait(this.alice).until((driver) -> messages(driver).contains("after " + run));
		List<String> shown = messages(this.alice).stream().filter((text) -> text.endsWith(run)).toList();
		assertThat(shown).containsExactly(missed.get(0), missed.get(1), missed.get(2), "after " + run);
		List<String> ids = this.alice.findElements(By.cssSelector("#messages li"))
			.stream()
			.map((item) -> item.getDomAttribute("data-id"))
			.toList();
		assertThat(ids).doesNotHaveDuplicates();
	}

	private ChromeDriver browser(Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		this.drivers.add(driver);
		return driver;
	}

	private void openChannel(WebDriver driver, String user, String channel) {
		driver.get("http://localhost:" + this.port + "/");
		waitFor(driver, By.id("name")).sendKeys(user, Keys.ENTER);
		WebElement channelId = waitFor(driver, By.id("channel-id"));
		channelId.clear();
		channelId.sendKeys(channel, Keys.ENTER);
		waitForState(driver, "online");
		waitFor(driver, By.cssSelector("#presence li[data-user='" + user + "']"));
	}

	private void send(WebDriver driver, String message) {
		driver.findElement(By.id("text")).sendKeys(message, Keys.ENTER);
		wait(driver).until((d) -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
	}

	private static List<String> messages(WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li .text")).stream().map(WebElement::getText).toList();
	}

	private static String state(WebDriver driver) {
		return driver.findElement(By.id("connection")).getDomAttribute("data-state");
	}

	private static void waitForState(WebDriver driver, String state) {
		wait(driver).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", state));
	}

	private static WebElement waitFor(WebDriver driver, By locator) {
		return wait(driver).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	private static WebDriverWait wait(WebDriver driver) {
		return new WebDriverWait(driver, WAIT);
	}

	private static ChromiumNetworkConditions offline(boolean offline) {
		ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
		conditions.setOffline(offline);
		return conditions;
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

}
