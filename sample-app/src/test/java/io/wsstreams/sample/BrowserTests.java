package io.wsstreams.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static io.wsstreams.sample.Browsers.messageIds;
import static io.wsstreams.sample.Browsers.messages;
import static io.wsstreams.sample.Browsers.send;
import static io.wsstreams.sample.Browsers.state;
import static io.wsstreams.sample.Browsers.waiting;
import static io.wsstreams.sample.Browsers.waitFor;
import static io.wsstreams.sample.Browsers.waitForState;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at {@code /} in two real browsers (Debian's Chromium, headless, through its
 * chromedriver): chat, presence, typing, notifications, resuming after the server closed
 * the socket, a session that ends elsewhere, and a page of another origin that tries to
 * sign the user out.
 */
class BrowserTests extends BrowserTest {

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
		waiting(this.bob).until(ExpectedConditions.textToBe(By.id("typing"), "alice is typing…"));
		assertThat(this.alice.findElement(By.id("typing")).getText()).isEmpty();

		// Chat: the message reaches both, as text.
		text.sendKeys(Keys.ENTER);
		waiting(this.bob).until((driver) -> messages(driver).contains("Hello <b>Bob</b> & all"));
		waiting(this.alice).until((driver) -> messages(driver).contains("Hello <b>Bob</b> & all"));
		waiting(this.bob).until(ExpectedConditions.textToBe(By.id("typing"), ""));
		assertThat(this.bob.findElements(By.cssSelector("#messages b"))).isEmpty();

		// Notifications: posted over HTTP with alice's session, shown to both.
		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		HttpResponse<String> posted = this.http.post("/api/channels/1/notifications", "{\"text\":\"Build is green\"}",
				"Cookie", "SESSION=" + session);
		assertThat(posted.statusCode()).isEqualTo(202);
		for (WebDriver driver : List.of(this.alice, this.bob)) {
			waiting(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"),
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
			waiting(this.alice).withMessage("the sample's 403 answer to the form post")
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
		waiting(this.bob).until((driver) -> messages(driver).containsAll(missed));
		waitForState(this.bob, "open");
		assertThat(state(this.alice)).isEqualTo("reconnecting");

		// Back online: alice reconnects with since=chat:<last id> and gets what she missed.
		this.alice.setNetworkConditions(offline(false));
		waitForState(this.alice, "open");
		send(this.bob, "after " + run);
		waiting(this.alice).until((driver) -> messages(driver).contains("after " + run));
		List<String> shown = messages(this.alice).stream().filter((text) -> text.endsWith(run)).toList();
		assertThat(shown).containsExactly(missed.get(0), missed.get(1), missed.get(2), "after " + run);
		assertThat(messageIds(this.alice)).doesNotHaveDuplicates();
	}

	@Test
	void aSessionEndedElsewhereShowsTheSignInFormAndTheHistoryComesBackAfterSigningIn() {
		String user = unique("carol");
		openChannel(this.alice, user, "2");
		String run = Long.toString(System.nanoTime(), 36);
		send(this.alice, "before sign-out " + run);
		waiting(this.alice).until((driver) -> messages(driver).contains("before sign-out " + run));

		// Signed out from elsewhere: the server closes the socket with 4401 Session ended.
		String session = this.alice.manage().getCookieNamed("SESSION").getValue();
		assertThat(this.http.post("/api/logout", "{}", "Cookie", "SESSION=" + session).statusCode()).isLessThan(300);
		waitFor(this.alice, By.id("sign-in"));
		waiting(this.alice).until(ExpectedConditions.textToBe(By.id("notice"), "Your session ended. Sign in again."));
		assertThat(this.alice.findElement(By.id("channel-view")).isDisplayed()).isFalse();

		// Signed in again, the channel shows its history.
		openChannel(this.alice, user, "2");
		waiting(this.alice).until((driver) -> messages(driver).contains("before sign-out " + run));
	}

	@Test
	void theClientRunsInAModuleWorkerWithTheUrlOption() {
		openChannel(this.alice, "alice", "1");
		this.alice.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		// A worker has no page origin to connect to: it names the endpoint; the browser sends
		// the session cookie, since the endpoint is on the page's site.
		Object result = this.alice.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const source = `
					import { connect } from "${location.origin}/ws-streams/ws-streams.js";
					const ws = connect({ url: "${location.origin.replace(/^http/, "ws")}/ws",
						stream: "channel:worker", clients: ["chat"] });
					let sent = false;
					ws.subscribe(({ state, user }) => {
						if (state === "open" && !sent) {
							sent = true;
							ws.chat.send("send", { text: "from a worker" }).then(
								(reply) => { postMessage({ id: reply.id, user: JSON.stringify(user) }); ws.close(); },
								(error) => postMessage({ error: String(error.code ?? error) }));
						}
					});`;
				const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })),
					{ type: "module" });
				worker.onmessage = (event) => done(event.data);
				worker.onerror = (event) => done({ error: event.message ?? "worker failed" });
				""");

		assertThat(result).isInstanceOf(Map.class);
		Map<?, ?> answer = (Map<?, ?>) result;
		assertThat(answer.get("error")).isNull();
		assertThat((String) answer.get("id")).matches("\\d+-\\d+");
		assertThat((String) answer.get("user")).as("the session cookie went with the worker's handshake")
			.contains("alice");
	}

	private void openChannel(WebDriver driver, String user, String channel) {
		Browsers.openChannel(driver, "http://localhost:" + this.port + "/", user, channel);
	}

	private static ChromiumNetworkConditions offline(boolean offline) {
		ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
		conditions.setOffline(offline);
		return conditions;
	}

}
