package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.wsstreams.pusher.server.PusherChannelDirectory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;

import static io.wsstreams.sample.Browsers.waitFor;
import static io.wsstreams.sample.Browsers.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Pusher demo page at {@code /pusher.html}, with pusher-js' browser build as npm
 * installs it, in real browsers (Debian's Chromium, headless, through its chromedriver):
 * a presence channel's members with two tabs of one user, a private chat over client
 * events, and notifications on a public channel.
 */
class PusherBrowserTests extends BrowserTest {

	/** A room, and users, of this test alone. */
	private final String room = unique("room");

	private final String aliceName = unique("alice");

	private final String bobName = unique("bob");

	@Autowired
	private PusherChannelDirectory directory;

	@Test
	void membersAreUsersWhateverTheirTabs() {
		openRoom(this.bob, this.bobName, this.room);
		openRoom(this.alice, this.aliceName, this.room);
		String firstTab = this.alice.getWindowHandle();
		waiting(this.bob).until((driver) -> members(driver).equals(List.of(this.aliceName, this.bobName)));

		// A second tab of alice's, with the same session: one more socket, the same member.
		this.alice.switchTo().newWindow(WindowType.TAB);
		enterRoom(this.alice, this.room);
		waiting(this.alice).until((driver) -> members(driver).equals(List.of(this.aliceName, this.bobName)));
		awaitSubscriptions("presence-room-" + this.room, 3);
		assertThat(members(this.bob)).containsExactly(this.aliceName, this.bobName);

		// One tab closes: alice is still a member.
		this.alice.close();
		this.alice.switchTo().window(firstTab);
		awaitSubscriptions("presence-room-" + this.room, 2);
		assertThat(members(this.bob)).containsExactly(this.aliceName, this.bobName);

		// The last one closes too (a blank tab keeps the browser open): alice is no longer a member.
		String blank = this.alice.switchTo().newWindow(WindowType.TAB).getWindowHandle();
		this.alice.switchTo().window(firstTab).close();
		this.alice.switchTo().window(blank);
		awaitSubscriptions("presence-room-" + this.room, 1);
		waiting(this.bob).until((driver) -> members(driver).equals(List.of(this.bobName)));
	}

	@Test
	void twoUsersChatPrivatelyOverClientEventsAndReceiveNotifications() {
		openRoom(this.alice, this.aliceName, this.room);
		openRoom(this.bob, this.bobName, this.room);

		send(this.alice, "Hello <b>Bob</b>");
		waiting(this.bob).until((driver) -> messages(driver).contains(this.aliceName + " Hello <b>Bob</b>"));
		send(this.bob, "Hi Alice");
		waiting(this.alice).until((driver) -> messages(driver).contains(this.bobName + " Hi Alice"));
		// Each message once on each page: client events never come back to their sender.
		List<String> both = List.of(this.aliceName + " Hello <b>Bob</b>", this.bobName + " Hi Alice");
		assertThat(messages(this.alice)).isEqualTo(both);
		assertThat(messages(this.bob)).isEqualTo(both);
		assertThat(this.bob.findElements(By.cssSelector("#messages b"))).isEmpty();

		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		HttpResponse<String> posted = this.http.post("/api/channels/" + this.room + "/notifications",
				"{\"text\":\"Build is green\"}", "Cookie", "SESSION=" + session);
		assertThat(posted.statusCode()).isEqualTo(202);
		for (WebDriver driver : List.of(this.alice, this.bob)) {
			waiting(driver).until(
					ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"), "Build is green"));
		}
	}

	@Test
	void laravelEchoJoinsHereJoiningAndWhispersInTheBrowser() {
		openRoom(this.alice, this.aliceName, this.room);
		openRoom(this.bob, this.bobName, this.room);
		String channel = "echo-" + this.room;

		assertThat(joinWithEcho(this.alice, channel)).containsExactly(this.aliceName);
		assertThat(joinWithEcho(this.bob, channel)).containsExactlyInAnyOrder(this.aliceName, this.bobName);
		waiting(this.alice).until((driver) -> List.of(this.bobName).equals(script(driver, "return joined")));

		this.bob.executeScript("echo.join(arguments[0]).whisper('typing', { name: arguments[1] })", channel,
				this.bobName);
		waiting(this.alice).until((driver) -> List.of(this.bobName).equals(script(driver, "return whispers")));
	}

	/**
	 * Loads Laravel Echo's browser build on the demo page, which has pusher-js as
	 * {@code window.Pusher}, and joins a presence channel with it as docs/pusher.md shows.
	 * @return the names of the members that {@code here} gives
	 */
	private static List<Object> joinWithEcho(WebDriver driver, String channel) {
		Object here = ((JavascriptExecutor) driver).executeAsyncScript("""
				const [channel, done] = [arguments[0], arguments[arguments.length - 1]];
				const script = document.createElement("script");
				script.src = "/laravel-echo/dist/echo.iife.js";
				script.onerror = () => done("Laravel Echo did not load");
				script.onload = () => {
					// Echo finds pusher-js as window.Pusher, loaded by the page.
					window.echo = new Echo.default({
						broadcaster: "pusher",
						key: "app-key",
						cluster: "unused",
						wsHost: location.hostname,
						wsPort: Number(location.port),
						forceTLS: false,
						enabledTransports: ["ws"],
						authEndpoint: "/pusher/auth",
					});
					window.joined = [];
					window.whispers = [];
					echo.join(channel)
						.here((users) => done(users.map((user) => user.name)))
						.joining((user) => joined.push(user.name))
						.listenForWhisper("typing", (data) => whispers.push(data.name))
						.error((error) => done(JSON.stringify(error)));
				};
				document.head.append(script);
				""", channel);
		assertThat(here).isInstanceOf(List.class);
		return List.copyOf((List<?>) here);
	}

	private static Object script(WebDriver driver, String script) {
		return ((JavascriptExecutor) driver).executeScript(script);
	}

	@Test
	void thePageServesPusherJsFromTheNpmPackage() {
		HttpResponse<String> script = this.http.get("/pusher-js/pusher-with-encryption.min.js");
		HttpResponse<String> license = this.http.get("/pusher-js/pusher-with-encryption.min.js.LICENSE.txt");

		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("pusher-with-encryption.min.js.LICENSE.txt");
		assertThat(license.statusCode()).isEqualTo(200);
		assertThat(license.body()).contains("Pusher JavaScript Library v8.");
	}

	/**
	 * Signs a user in on the sample's page, then opens a room on the demo page, once its
	 * private chat is subscribed.
	 */
	private void openRoom(WebDriver driver, String user, String room) {
		driver.get("http://localhost:" + this.port + "/");
		waitFor(driver, By.id("name")).sendKeys(user, Keys.ENTER);
		waitFor(driver, By.id("channel-id"));
		enterRoom(driver, room);
	}

	/**
	 * Opens a room on the demo page, signed in already, once its private chat is subscribed.
	 */
	private void enterRoom(WebDriver driver, String room) {
		driver.get("http://localhost:" + this.port + "/pusher.html");
		WebElement roomId = waitFor(driver, By.id("room-id"));
		waiting(driver).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
		roomId.clear();
		roomId.sendKeys(room, Keys.ENTER);
		waiting(driver).until(ExpectedConditions.attributeToBe(By.id("room"), "data-chat", "subscribed"));
	}

	private static void send(WebDriver driver, String text) {
		driver.findElement(By.id("text")).sendKeys(text, Keys.ENTER);
		waiting(driver).until((d) -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
	}

	private void awaitSubscriptions(String channel, int count) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.directory.channel("app-id", channel).subscriptionCount() == count);
	}

	private static List<String> members(WebDriver driver) {
		return driver.findElements(By.cssSelector("#members li"))
			.stream()
			.map((item) -> item.getDomAttribute("data-user"))
			.sorted()
			.toList();
	}

	private static List<String> messages(WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
	}

}
