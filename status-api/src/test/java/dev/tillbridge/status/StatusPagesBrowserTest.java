package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TestIntegration;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Status and Logs pages in a real headless Chromium (Debian's chromium and chromedriver): the progress
 * bar moves as product-progress records are published to the broker, the Logs page filters by type, and the
 * page fits a phone's width. Screenshots go to target/screenshots for review.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class StatusPagesBrowserTest extends StatusApiTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TestHTTPResource("/")
    URL base;

    WebDriver browser;
    ChromeDriverService service;

    @BeforeEach
    void startBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This test drives a real headless Chromium, and " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing. Install them with status-api/bin/install-browser "
                    + "(apt-get install -y chromium chromium-driver), then run the tests again.");
        }
        Files.createDirectories(SCREENSHOTS);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1000");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page re-renders parts of itself as live events arrive: an element found a moment ago may be replaced. */
    private WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private String text(String id) {
        return waitUpTo(30).until(d -> d.findElement(By.id(id)).getText());
    }

    /** An integration the account creates through the API, as the settings page does. */
    private OtherServices integrationOf(String account) {
        String id = unique("int");
        createIntegration(
                        tokenFor(account),
                        TestIntegration.of(id, null)
                                .name("Demo store")
                                .posName("Till One")
                                .baseUrl("https://shop.example.test")
                                .storeCode(null)
                                .storeIds()
                                .accessToken("t")
                                .createBody())
                .then()
                .statusCode(201);
        return otherServices(account, id);
    }

    private static void progress(OtherServices services, int sent, int total, RunState state) {
        services.progress(new ProductProgress(
                services.integrationId(),
                "catalog-1",
                sent,
                0,
                total,
                state,
                40.0,
                (long) ((total - sent) / 40),
                "SKU-" + sent,
                Instant.now(),
                Instant.now().minusSeconds(30),
                0,
                null));
    }

    @Test
    void theStatusPageShowsTheProgressBarMovingAsProgressRecordsArePublished() throws Exception {
        String account = unique("acc");
        OtherServices services = integrationOf(account);
        String id = services.integrationId();
        Instant now = Instant.now();
        services.cycleSucceeded(now.minusSeconds(120), now, 3, now.minusSeconds(5));
        services.skipped(31, SkipReason.ALREADY_INVOICED);
        services.alertRaised(
                AlertCode.DOWNLOAD_MODE_MISMATCH,
                LogService.MAGENTO,
                "5 orders were already invoiced in Magento before they could be downloaded.",
                5,
                "invoice-filter",
                now);
        progress(services, 824, 12403, RunState.RUNNING);
        services.publish(
                Topics.SYNC_CYCLES,
                id,
                new ResyncProgress(
                        id,
                        UUID.randomUUID(),
                        now.minus(Duration.ofDays(20)),
                        now.minusSeconds(60),
                        now.minus(Duration.ofDays(3)),
                        false,
                        412,
                        7,
                        ResyncProgress.State.RUNNING,
                        null));
        awaitStatus(
                tokenFor(account),
                id,
                Duration.ofMinutes(2),
                status -> status.body("productRun.sent", Matchers.is(824))
                        .body("alerts.size()", Matchers.is(1))
                        .body("orders.skipped.today", Matchers.is(1))
                        .body("resync.state", Matchers.is("RUNNING")));

        browser.get(base + "index.html?account=" + account + "&integration=" + id);
        waitUpTo(30).until(d -> {
            List<WebElement> found = d.findElements(By.id("product-progress-label"));
            return !found.isEmpty() && found.get(0).getText().startsWith("Updating");
        });
        assertThat(text("product-progress-label")).isEqualTo("Updating Product 825 of 12403");
        assertThat(text("alerts-card")).contains("DOWNLOAD MODE MISMATCH", AlertCode.DOWNLOAD_MODE_MISMATCH.advice());
        assertThat(text("skipped-table")).contains("already invoiced", SkipReason.ALREADY_INVOICED.advice());
        // A resync's progress (issue 16): state, how far it read, orders found and sent.
        assertThat(text("resync-card")).contains("Resync from", "running");
        assertThat(text("resync-found")).isEqualTo("412");
        assertThat(text("resync-sent")).isEqualTo("7");
        assertThat(text("cycle-card")).contains("succeeded", "3 seen");
        assertThat(text("magento-card")).contains("SKU-824");
        screenshot("status-progress-825");

        // Live: each record published to the broker moves the bar without a reload.
        for (int sent : new int[] {2000, 6000, 12402}) {
            progress(services, sent, 12403, RunState.RUNNING);
            String expected = "Updating Product " + (sent + 1) + " of 12403";
            waitUpTo(30)
                    .until(d -> expected.equals(
                            d.findElement(By.id("product-progress-label")).getText()));
            Object value = ((JavascriptExecutor) browser)
                    .executeScript("return document.getElementById('product-progress').value");
            assertThat(((Number) value).intValue()).isEqualTo(sent + 1);
        }
        screenshot("status-progress-12403");
        progress(services, 12403, 12403, RunState.COMPLETED);
        waitUpTo(30)
                .until(d -> d.findElement(By.id("product-progress-label"))
                        .getText()
                        .equals("Product update completed: 12403 of 12403 sent"));

        // A phone's width: one column, nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waitUpTo(30).until(d -> !d.findElements(By.id("progress-card")).isEmpty());
        Object overflow = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("status-phone");
    }

    @Test
    void findAnOrderByItsIncrementIdShowsItsStory() throws Exception {
        String account = unique("acc");
        OtherServices services = integrationOf(account);
        String id = services.integrationId();
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        long entityId = 4242;
        String incrementId = "000004242";
        String key = Topics.orderKey(id, entityId);
        var unpaid = OrderStoryApiTest.order(entityId, incrementId, "new", "0.00", t);
        var paid = OrderStoryApiTest.order(entityId, incrementId, "processing", "42.00", t.plusSeconds(60));
        services.cycleSucceeded(t.minusSeconds(120), t.plusSeconds(90), 1, t.plusSeconds(60));
        services.publishAt(
                Topics.RAW_ORDERS,
                key,
                new OrderObserved(id, UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, unpaid),
                t);
        services.publishAt(
                Topics.FILTERED_ORDERS,
                key,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, false, unpaid),
                t.plusSeconds(2));
        services.publishAt(
                Topics.INTEGRATION_LOGS,
                id,
                new LogEntry(
                        id,
                        LogService.MAGENTO,
                        LogType.INFO,
                        "Invoiced order " + incrementId + " in Magento (invoice 77).",
                        "invoice-filter",
                        incrementId,
                        entityId,
                        new LogEntry.InvoiceResult(LogEntry.InvoiceResult.Outcome.CREATED, 77L)),
                t.plusSeconds(3));
        services.publishAt(
                Topics.RAW_ORDERS,
                key,
                new OrderObserved(id, UUID.randomUUID(), OrderObserved.ObservedBy.INVOICE_SEARCH, paid),
                t.plusSeconds(61));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> as(tokenFor(account))
                        .get("/api/v1/integrations/{id}/orders/{ref}", id, entityId)
                        .then()
                        .body("facts.size()", Matchers.is(4)));

        browser.get(base + "index.html?account=" + account + "&integration=" + id);
        WebElement search = waitUpTo(30).until(d -> d.findElement(By.id("order-ref")));
        assertThat(browser.findElement(By.cssSelector("label[for=order-ref]")).getText())
                .isEqualTo("Find an order");
        search.sendKeys(incrementId);
        browser.findElement(By.id("order-find")).click();
        waitUpTo(30)
                .until(d -> d.findElements(By.cssSelector("#story-facts li")).size() == 4);
        assertThat(text("story-title")).isEqualTo("Order #" + incrementId + " (entity id " + entityId + ")");
        assertThat(text("story-current")).contains("released", "Released to the POS");
        List<String> facts = browser.findElements(By.cssSelector("#story-facts li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(facts.get(0))
                .contains("Seen", "Seen in Magento by a sync cycle: new (new)", "invoiced 0.00 of 42.00");
        assertThat(facts.get(1)).contains("Released", "Released to the POS: on filtered-orders, partition");
        assertThat(facts.get(2)).contains("Invoice", "Auto-Invoice: Magento created invoice 77.");
        assertThat(facts.get(3)).contains("through a new invoice", "invoiced 42.00 of 42.00");
        assertThat(browser.getCurrentUrl()).contains("order=" + incrementId);
        screenshot("order-story");

        // The link opens the same story; "#" and the entity id find it too.
        browser.navigate().refresh();
        waitUpTo(30)
                .until(d -> d.findElements(By.cssSelector("#story-facts li")).size() == 4);
        search = browser.findElement(By.id("order-ref"));
        search.clear();
        search.sendKeys("#" + incrementId, Keys.ENTER);
        waitUpTo(30)
                .until(d -> d.getCurrentUrl().contains("order=%23" + incrementId)
                        && d.findElements(By.cssSelector("#story-facts li")).size() == 4);

        // An order Tillbridge never saw: the likely reasons, with the watermark and the last cycle's window.
        search = browser.findElement(By.id("order-ref"));
        search.clear();
        search.sendKeys("#000009999", Keys.ENTER);
        waitUpTo(30).until(d -> !d.findElements(By.id("not-seen-reasons")).isEmpty());
        assertThat(text("story-title")).isEqualTo("Order #000009999: not seen");
        assertThat(text("not-seen-reasons")).contains("not yet polled", "store not mapped", "forgotten");
        assertThat(text("story-watermark")).isNotEqualTo("never");
        assertThat(text("story-window")).contains("–");
        screenshot("order-not-seen");

        // Something that cannot be an order number: said so, nothing breaks.
        search = browser.findElement(By.id("order-ref"));
        search.clear();
        search.sendKeys("a b", Keys.ENTER);
        waitUpTo(30).until(d -> d.findElement(By.id("order-story")).getText().contains("Cannot look up"));
        assertThat(text("order-story")).contains("must be a Magento order entity id");
    }

    @Test
    void theLogsPageFiltersByServiceAndType() throws Exception {
        String account = unique("acc");
        OtherServices services = integrationOf(account);
        String id = services.integrationId();
        services.log(LogEntry.error(
                id,
                LogService.MAGENTO,
                "order-poller",
                "Magento answered 401: The consumer isn't authorized to access %resources."));
        services.log(LogEntry.error(
                id,
                LogService.POS,
                "product-pusher",
                "Product SKU-9 rejected: The value of attribute \"price\" must be set."));
        services.log(LogEntry.info(id, LogService.MAGENTO, "order-poller", "Sync cycle found 3 orders."));
        services.credentialsAlertMailed();
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(tokenFor(account))
                        .get("/api/v1/integrations/{id}/logs", id)
                        .then()
                        .body("items.size()", Matchers.is(5))); // + the "created" Info line

        browser.get(base + "logs.html?account=" + account + "&integration=" + id);
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#log-rows tr")).size() == 5);

        new Select(browser.findElement(By.id("log-type"))).selectByVisibleText("Error");
        waitUpTo(30).until(d -> rowTypes(d).equals(List.of("ERROR", "ERROR")));
        screenshot("logs-errors");

        new Select(browser.findElement(By.id("log-service"))).selectByVisibleText("Magento");
        waitUpTo(30).until(d -> rowTypes(d).equals(List.of("ERROR")));
        assertThat(text("log-rows")).contains("The consumer isn't authorized");

        new Select(browser.findElement(By.id("log-type"))).selectByVisibleText("Notification");
        waitUpTo(30).until(d -> rowTypes(d).equals(List.of("NOTIFICATION")));
        assertThat(text("log-rows"))
                .contains("Alert e-mail sent to ops@example.test: Tillbridge: Magento refused the credentials");
        screenshot("logs-notifications");

        new Select(browser.findElement(By.id("log-type"))).selectByVisibleText("Info");
        new Select(browser.findElement(By.id("log-service"))).selectByVisibleText("All services");
        waitUpTo(30).until(d -> rowTypes(d).equals(List.of("INFO", "INFO")));
        // Every filter has a visible label tied to it.
        assertThat(browser.findElement(By.cssSelector("label[for='log-type']")).getText())
                .isEqualTo("Type");
        assertThat(browser.findElement(By.cssSelector("label[for='log-service']"))
                        .getText())
                .isEqualTo("Service");
    }

    private static List<String> rowTypes(WebDriver d) {
        return d.findElements(By.cssSelector("#log-rows tr")).stream()
                .map(r -> r.getAttribute("data-type"))
                .toList();
    }

    @Test
    void theSettingsFormChangesTheDownloadModeAndNamesARefusedField() throws Exception {
        String account = unique("acc");
        OtherServices services = integrationOf(account);
        String id = services.integrationId();
        browser.get(base + "settings.html?account=" + account + "&integration=" + id);
        waitUpTo(30).until(d -> !d.findElements(By.id("settings-form")).isEmpty());

        browser.findElement(By.cssSelector("input[name='downloadMode'][value='WAIT_FOR_INVOICE']"))
                .click();
        WebElement interval = browser.findElement(By.id("syncIntervalSeconds"));
        interval.clear();
        interval.sendKeys("5");
        browser.findElement(By.cssSelector("#settings-form button[type='submit']"))
                .click();
        waitUpTo(30)
                .until(d -> d.findElement(By.id("syncIntervalSeconds-error")).isDisplayed());
        assertThat(browser.findElement(By.id("syncIntervalSeconds-error")).getText())
                .contains("from 10 to 86400");
        assertThat(interval.getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("settings-refused");

        interval.clear();
        interval.sendKeys("300");
        browser.findElement(By.cssSelector("#settings-form button[type='submit']"))
                .click();
        waitUpTo(30)
                .until(d -> d.findElement(By.id("settings-status")).getText().startsWith("Saved"));
        as(tokenFor(account))
                .get("/api/v1/integrations/{id}", id)
                .then()
                .body("downloadMode", Matchers.equalTo("WAIT_FOR_INVOICE"))
                .body("syncIntervalSeconds", Matchers.is(300))
                .body("revision", Matchers.is(2));
    }
}
