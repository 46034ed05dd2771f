package io.pulse.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real browser: {@code bin/pulse -s -p 1} fed by an original-style relay, Debian's headless
 * {@code chromium} driven through Debian's {@code chromedriver} by Selenium. A wrong token shows an error and asks
 * again; with the right one the hourly chart has points and the live chart (fed by {@code /live}) gains points. And
 * Swagger UI at {@code /openapi/ui}: it renders every operation of the server's OpenAPI document, its Authorize dialog
 * takes the token, and "Try it out" on {@code GET /keys} gets a 200 from the server - with no Content Security Policy
 * violation and nothing loaded from elsewhere.
 *
 * <p>Offline by construction: the driver executable and the browser binary are given explicitly, so Selenium
 * Manager (which would otherwise look for, or download, a driver and a browser) is never consulted. Without
 * {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} (a developer machine) the test is skipped, saying what
 * to install; under {@code -Dpulse.requireBrowser=true} or {@code CI=true} it fails instead, as the InfluxDB tests do
 * with {@code pulse.requireInfluxd}.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("pulse.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("pulse.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOT = Path.of(System.getProperty("pulse.screenshot", "target/dashboard.png"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theDashboardShowsHourlyAndLiveChartsAndRefusesAWrongToken(@TempDir Path dir) throws Exception {
        requireBrowser();
        // Aggregate every 2 s so that /hourly has values within seconds.
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1", "-a", "2s");
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, "web1", "cpu_used",
                 answer -> String.format(Locale.ROOT, "%.3f", 0.4 + 0.2 * Math.sin(answer / 3.0)))) {
            pulse.awaitBody("/hourly/cpu_used", b -> b.contains("\"value\""), WAIT);

            WebDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(pulse.uri("/").toString());

                // A wrong token: the form stays, with an error saying the token was refused.
                signIn(browser, wait, "not-the-token");
                WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
                assertTrue(error.getText().contains("refused this token"), error.getText());
                assertTrue(browser.findElement(By.id("dashboard")).getAttribute("hidden") != null,
                    "the dashboard stays hidden");

                signIn(browser, wait, PulseProcess.TOKEN);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("relays"), "web1"));
                wait.until(d -> new Select(d.findElement(By.id("stat"))).getOptions().stream()
                    .anyMatch(o -> o.getText().equals("cpu_used")));
                new Select(browser.findElement(By.id("stat"))).selectByVisibleText("cpu_used");

                wait.until(d -> points(d, "hourly-chart") > 0);
                assertTrue(browser.findElements(By.cssSelector("#hourly-chart canvas")).size() == 1,
                    "uPlot drew the hourly chart on a canvas");
                String hourlyAxes = browser.findElement(By.id("hourly-chart")).getText();
                assertTrue(hourlyAxes.contains("cpu_used (%)"), "the value axis names the stat and unit: " + hourlyAxes);

                int live = wait.until(d -> points(d, "live-chart") > 0 ? points(d, "live-chart") : null);
                // The relay is polled every second: within a few seconds the live chart has more points.
                wait.withTimeout(Duration.ofSeconds(15)).until(d -> points(d, "live-chart") >= live + 3);
                assertTrue(browser.findElement(By.id("live-status")).getText().startsWith("streaming cpu_used"),
                    browser.findElement(By.id("live-status")).getText());
                assertTrue(browser.findElement(By.id("error")).getAttribute("hidden") != null,
                    "no error: " + browser.findElement(By.id("error")).getText());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nthe page said:\n" + pageText(browser)
                    + "\nserver log:\n" + pulse.stderr(), e);
            } finally {
                // Also on failure: the screenshot shows what went wrong.
                screenshot(browser);
                browser.quit();
            }
            assertTrue(relay.answered() > 0);
        }
    }

    @Test
    void swaggerUiRendersEveryOperationAndTriesOneWithTheToken(@TempDir Path dir) throws Exception {
        requireBrowser();
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"))) {
            JsonNode document = new ObjectMapper().readTree(pulse.get("/openapi").body());
            int operations = 0;
            for (JsonNode path : document.get("paths")) {
                operations += path.size();
            }
            WebDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(pulse.uri("/openapi/ui").toString());

                wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() >= 1);
                int shown = operations;
                wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() == shown);
                assertTrue(browser.findElement(By.cssSelector(".info .title")).getText().contains("Pulse HTTP API"),
                    browser.findElement(By.cssSelector(".info .title")).getText());

                // Authorize: the X-AUTH-TOKEN scheme takes the token.
                browser.findElement(By.cssSelector("button.authorize")).click();
                WebElement scheme = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'auth-container')][.//*[contains(text(),'X-AUTH-TOKEN')]]")));
                scheme.findElement(By.cssSelector("input")).sendKeys(PulseProcess.TOKEN);
                scheme.findElement(By.cssSelector("button.authorize")).click();
                browser.findElement(By.cssSelector("button.btn-done")).click();

                // Try it out: GET /keys answers 200 with the token Swagger UI now sends.
                WebElement keys = browser.findElement(
                    By.xpath("//div[contains(@class,'opblock ')][.//*[@data-path='/keys']]"));
                keys.findElement(By.cssSelector(".opblock-summary")).click();
                wait.until(ExpectedConditions.elementToBeClickable(keys.findElement(By.cssSelector(".try-out__btn"))))
                    .click();
                wait.until(ExpectedConditions.elementToBeClickable(keys.findElement(By.cssSelector(".execute"))))
                    .click();
                // The live responses table: a header row ("Code") and the answer's row.
                wait.until(d -> keys.findElements(By.cssSelector(".live-responses-table .response-col_status")).stream()
                    .anyMatch(cell -> cell.getText().strip().equals("200")));

                List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("net::ERR")).toList();
                assertEquals(List.of(), problems, "no blocked script, style or request");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nthe page said:\n" + pageText(browser)
                    + "\nserver log:\n" + pulse.stderr(), e);
            } finally {
                browser.quit();
            }
        }
    }

    private static void signIn(WebDriver browser, WebDriverWait wait, String token) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.id("token-submit")).click();
    }

    /** The number of points the dashboard says it drew in that chart (its data-points attribute). */
    private static int points(WebDriver browser, String chartId) {
        return Integer.parseInt(browser.findElement(By.id(chartId)).getAttribute("data-points"));
    }

    private static String pageText(WebDriver browser) {
        try {
            return browser.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(cannot read the page: " + e.getMessage() + ")";
        }
    }

    private static void screenshot(WebDriver browser) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Headless Debian chromium through Debian's chromedriver; nothing is looked up or downloaded. */
    private static WebDriver chromium(Path profile) {
        // Naming the driver explicitly keeps Selenium Manager out of it.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            // Its log goes to a file next to the screenshot, not through the test JVM's output streams.
            .withLogFile(SCREENSHOT.toAbsolutePath().resolveSibling("chromedriver.log").toFile())
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The browser's console (CSP violations, failed loads), for the Swagger UI test.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--window-size=1280,1100", "--user-data-dir=" + profile, "--lang=en-US");
        return new ChromeDriver(service, options);
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = "DashboardBrowserIT needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)";
        boolean required = Boolean.getBoolean("pulse.requireBrowser")
            || "true".equals(String.valueOf(System.getenv("CI")).toLowerCase(Locale.ROOT));
        if (required) {
            fail(missing + "; it is required here (-Dpulse.requireBrowser=true or CI=true)");
        }
        Assumptions.abort(missing + ": skipped");
    }
}
