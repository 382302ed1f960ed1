package io.wsstreams.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real browsers for the sample's page: Debian's Chromium, headless, through its
 * chromedriver, and what a test does on the page. Quitting it quits every browser it
 * opened.
 */
final class Browsers implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Duration WAIT = Duration.ofSeconds(10);

	// Selenium warns on every new driver that it has no DevTools classes for this Chromium;
	// the tests use none. Held here so that the settings are not collected.
	private static final Logger CDP_VERSION_LOGGER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private static final Logger CHROMIUM_DRIVER_LOGGER = quiet("org.openqa.selenium.chromium.ChromiumDriver");

	private final List<ChromeDriver> drivers = new ArrayList<>();

	/**
	 * Skips the calling tests when Chromium or its driver is missing, or fails them on CI.
	 */
	static void requireInstalled() {
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

	/**
	 * Opens a browser with a profile of its own.
	 * @param profile the profile's directory
	 * @return the browser
	 */
	ChromeDriver open(Path profile) {
		// An explicit driver executable: Selenium Manager is not consulted and downloads nothing.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
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

	@Override
	public void close() {
		this.drivers.forEach(WebDriver::quit);
	}

	/**
	 * Signs a user in on a page and opens a channel there.
	 * @param driver the browser
	 * @param page the page's URL
	 * @param user the user
	 * @param channel the channel id
	 */
	static void openChannel(WebDriver driver, String page, String user, String channel) {
		driver.get(page);
		waitFor(driver, By.id("name")).sendKeys(user, Keys.ENTER);
		WebElement channelId = waitFor(driver, By.id("channel-id"));
		channelId.clear();
		channelId.sendKeys(channel, Keys.ENTER);
		waitForState(driver, "open");
		waitFor(driver, By.cssSelector("#presence li[data-user='" + user + "']"));
	}

	static void send(WebDriver driver, String message) {
		driver.findElement(By.id("text")).sendKeys(message, Keys.ENTER);
		waiting(driver).until((d) -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
	}

	static List<String> messages(WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li .text")).stream().map(WebElement::getText).toList();
	}

	static List<String> messageIds(WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li"))
			.stream()
			.map((item) -> item.getDomAttribute("data-id"))
			.toList();
	}

	static String state(WebDriver driver) {
		return driver.findElement(By.id("connection")).getDomAttribute("data-state");
	}

	static void waitForState(WebDriver driver, String state) {
		waiting(driver).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", state));
	}

	static WebElement waitFor(WebDriver driver, By locator) {
		return waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	static WebDriverWait waiting(WebDriver driver) {
		return new WebDriverWait(driver, WAIT);
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

}
