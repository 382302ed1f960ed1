package io.wsstreams.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The running sample and two real browsers of their own for each test, alice's and bob's
 * (Debian's Chromium, headless, through its chromedriver), quit after it.
 */
abstract class BrowserTest extends SampleTest {

	private final Browsers browsers = new Browsers();

	ChromeDriver alice;

	ChromeDriver bob;

	@BeforeAll
	static void browserInstalled() {
		Browsers.requireInstalled();
	}

	@BeforeEach
	void openBrowsers(@TempDir Path profiles) {
		this.alice = this.browsers.open(profiles.resolve("alice"));
		this.bob = this.browsers.open(profiles.resolve("bob"));
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.close();
	}

}
