package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static io.wsstreams.sample.Browsers.waitFor;
import static io.wsstreams.sample.Browsers.waiting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pusher demo page at {@code /pusher.html}, with pusher-js' browser build as npm
 * installs it, in real browsers (Debian's Chromium, headless, through its chromedriver):
 * a private chat over client events, and notifications on a public channel.
 */
class PusherBrowserTests extends BrowserTest {

	@Test
	void twoUsersChatPrivatelyOverClientEventsAndReceiveNotifications() {
		String room = unique("room");
		String aliceName = unique("alice");
		String bobName = unique("bob");
		openRoom(this.alice, aliceName, room);
		openRoom(this.bob, bobName, room);

		send(this.alice, "Hello <b>Bob</b>");
		waiting(this.bob).until((driver) -> messages(driver).contains(aliceName + " Hello <b>Bob</b>"));
		send(this.bob, "Hi Alice");
		waiting(this.alice).until((driver) -> messages(driver).contains(bobName + " Hi Alice"));
		// Each message once on each page: client events never come back to their sender.
		assertThat(messages(this.alice)).containsExactly(aliceName + " Hello <b>Bob</b>", bobName + " Hi Alice");
		assertThat(messages(this.bob)).containsExactly(aliceName + " Hello <b>Bob</b>", bobName + " Hi Alice");
		assertThat(this.bob.findElements(By.cssSelector("#messages b"))).isEmpty();

		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		HttpResponse<String> posted = this.http.post("/api/channels/" + room + "/notifications",
				"{\"text\":\"Build is green\"}", "Cookie", "SESSION=" + session);
		assertThat(posted.statusCode()).isEqualTo(202);
		for (WebDriver driver : List.of(this.alice, this.bob)) {
			waiting(driver).until(
					ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"), "Build is green"));
		}
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

	private static List<String> messages(WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
	}

}
