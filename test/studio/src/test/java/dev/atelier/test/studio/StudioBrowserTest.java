package dev.atelier.test.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Studio in a real headless Chromium against the exported host (atelier.jar with the Studio's bundles),
 * as a user opens it: refused without the token, live palette and pipelines with it, a plugin jar dropped into
 * deploy/ appearing without a reload and greying out when taken away, a broken descriptor shown with its line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioBrowserTest {
    static final Path JAR = Path.of(System.getProperty("atelier.jar"));
    static final Path STUDIO = Path.of(System.getProperty("atelier.studio.bundles"));
    static final Path FIXTURE = Path.of(System.getProperty("atelier.fixture.jar"));
    static final Path SHOTS = Path.of(System.getProperty("atelier.screenshots", "target/screenshots"));

    static Process host;
    static Path home;
    static int port;
    static String url;
    static WebDriver browser;
    static StudioSession session;

    @BeforeAll
    static void start() throws Exception {
        session = StudioSession.start();
        host = session.host;
        home = session.home;
        port = session.port;
        url = session.url;
        browser = session.browser;
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) session.close();
    }

    /** A wait that looks again when the page re-drew a list under it (each event replaces the list's items). */
    static org.openqa.selenium.support.ui.FluentWait<WebDriver> waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    static List<WebElement> item(String list, String name) {
        return browser.findElements(By.cssSelector("#" + list + " li[data-name='" + name + "']"));
    }

    @Test @Order(1)
    void withoutTheTokenThePageIsRefused() {
        browser.get("http://127.0.0.1:" + port + "/");
        String body = browser.findElement(By.tagName("body")).getText();
        assertTrue(body.contains("no valid token"), body);
        browser.get("http://localhost:" + port + "/api/palette?token=wrong");
        assertTrue(browser.findElement(By.tagName("body")).getText().contains("no valid token"));
    }

    @Test @Order(2)
    void withTheTokenThePaletteAndPipelinesAreLive() throws IOException {
        browser.get(url);
        waiting(20).until(b -> b.findElement(By.id("connection")).getAttribute("class").contains("live"));
        waiting(10).until(b -> !item("palette", "dither").isEmpty());
        for (String name : List.of("dither", "linify", "mosaic", "file", "cnc", "deblock")) assertEquals(1, item("palette", name).size(), name);
        for (String name : List.of("demo", "linify", "candy", "deblock")) {
            String text = waiting(5).until(b -> item("pipelines", name).get(0).getText());
            assertTrue(text.contains("ready"), text);
        }
        // a filter's parameters, from its Metatype definition
        item("palette", "dither").get(0).click();
        String kernel = waiting(5).until(b -> b.findElement(By.cssSelector("#detail tr[data-parameter='kernel']")).getText());
        assertTrue(kernel.contains("atkinson"), kernel);
        Files.write(SHOTS.resolve("studio.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test @Order(3)
    void aDroppedPluginAppearsWithoutAReloadAndGreysOutWhenRemoved() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("palette", "dither").isEmpty());
        assertTrue(item("palette", "fixture-invert").isEmpty());
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.__marker = Math.random();");
        Path tmp = home.resolve("fixture.jar.tmp"), jar = home.resolve("deploy/fixture.jar");
        Files.copy(FIXTURE, tmp, StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
        waiting(10).until(b -> !item("palette", "fixture-invert").isEmpty());
        System.out.printf("fixture jar dropped -> shown in the open page: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        // the same page, not a reload
        assertEquals(marker, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.__marker;"));
        Files.delete(jar);
        waiting(10).until(b -> item("palette", "fixture-invert").get(0).getAttribute("class").contains("gone"));
    }

    @Test @Order(4)
    void aBrokenDescriptorShowsAsInvalidWithItsLine() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("pipelines", "demo").isEmpty());
        Files.writeString(home.resolve("pipelines/broken.pipeline.yaml"), "name: broken\nsteps:\n  - dither: {kernel: nosuch}\noutputs:\n  - file: {path: out/x.png}\n");
        waiting(10).until(b -> !item("pipelines", "broken").isEmpty() && item("pipelines", "broken").get(0).getAttribute("class").contains("invalid"));
        String text = waiting(5).until(b -> item("pipelines", "broken").get(0).getText());
        assertTrue(text.contains("line 3") && text.contains("nosuch"), text);
    }

    /** A hash of the result image's pixels, read back through a canvas (the browser's own decoding of what it shows). */
    static long afterPixels() {
        Object h = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const img = document.getElementById('after'); if (!img.complete || !img.naturalWidth) return null;"
                + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                + "const g = c.getContext('2d'); g.drawImage(img, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data;"
                + "let h = 0; for (let i = 0; i < d.length; i += 3) h = (h * 31 + d[i]) | 0; return h;");
        return h == null ? 0 : ((Number) h).longValue();
    }

    static String afterSeq() {
        return browser.findElement(By.id("after")).getAttribute("data-seq");
    }

    @Test @Order(5)
    void aChainPreviewsAndTheResultChangesWithAKnob() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("palette", "dither").isEmpty() && !b.findElements(By.cssSelector("#input option")).isEmpty());
        waiting(5).until(b -> { item("palette", "dither").get(0).findElement(By.cssSelector("button.add")).click(); return true; });
        waiting(30).until(b -> afterSeq() != null);
        String first = afterSeq();
        long before = afterPixels();
        assertTrue(before != 0, "a preview image is shown");
        String chainText = browser.findElement(By.id("chain-text")).getText();
        assertEquals("dither", chainText);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#steps select[name='kernel']"))).selectByValue("atkinson");
        waiting(30).until(b -> !first.equals(afterSeq()));
        waiting(5).until(b -> afterPixels() != before);
        assertEquals("dither kernel=atkinson", browser.findElement(By.id("chain-text")).getText());
        String status = browser.findElement(By.id("preview-status")).getText();
        assertTrue(status.startsWith("preview "), status);
        System.out.println("dither on chelsea, kernel changed -> new preview shown: " + status);
        Files.write(SHOTS.resolve("studio-preview.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.findElement(By.cssSelector("#steps .remove")).click();
        waiting(5).until(b -> b.findElements(By.cssSelector("#steps li")).isEmpty());
        assertEquals("", browser.findElement(By.id("chain-text")).getText());
    }

    static void typeInto(String id, String text) {
        // set the whole text at once and tell the page, as typing would (sendKeys types a character at a time)
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input'));", id, text);
    }

    static String problems() {
        return waiting(5).until(b -> b.findElement(By.id("editor-problems")).getText());
    }

    @Test @Order(6)
    void theDescriptorEditorChecksAsYouTypeAndSavesWhereHotReloadTakesIt() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("pipelines", "demo").isEmpty());
        waiting(5).until(b -> { item("pipelines", "demo").get(0).click(); return true; });
        waiting(10).until(b -> b.findElement(By.id("editor")).getAttribute("value").contains("dither"));
        waiting(10).until(b -> problems().contains("no problems"));
        assertTrue(browser.findElement(By.id("editor-status")).getText().contains("bundled"));
        String demo = browser.findElement(By.id("editor")).getAttribute("value");
        // break it: the host's own message, with the line
        typeInto("editor", demo.replace("kernel: floyd-steinberg", "kernel: nosuch"));
        waiting(10).until(b -> problems().contains("nosuch"));
        String shown = problems();
        int line = 0;
        String[] lines = demo.split("\n");
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("kernel: floyd-steinberg")) line = i + 1;
        assertTrue(shown.contains("line " + line + ":"), "the problem's line " + line + ": " + shown);
        // a new pipeline of its own, saved: the host loads it from pipelines/ and the list shows it ready
        typeInto("editor-name", "mine");
        typeInto("editor", "name: mine\ndescription: the Studio's test\nsteps:\n  - dither: {palette: gameboy}\noutputs:\n  - file: {path: \"out/{input}.png\"}\n");
        waiting(10).until(b -> problems().contains("no problems"));
        browser.findElement(By.id("editor-save")).click();
        waiting(10).until(b -> !item("pipelines", "mine").isEmpty() && item("pipelines", "mine").get(0).getText().contains("ready"));
        assertTrue(Files.readString(home.resolve("pipelines/mine.pipeline.yaml")).contains("palette: gameboy"));
        // into the chain editor, as steps with their values
        browser.findElement(By.id("editor-chain")).click();
        waiting(10).until(b -> b.findElement(By.id("chain-text")).getText().equals("dither palette=gameboy"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('editor-panel').scrollIntoView()");
        Files.write(SHOTS.resolve("studio-editor.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test @Order(7)
    void anUploadedPhotoRunsFullSizeToTheEndAndItsOutputDownloads() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("palette", "dither").isEmpty() && !b.findElements(By.cssSelector("#input option")).isEmpty());
        // a photo sent from the page: kept in the home's inputs/ and chosen
        Path coffee = Path.of(System.getProperty("atelier.samples")).resolve("coffee.png");
        browser.findElement(By.id("upload")).sendKeys(coffee.toString());
        waiting(20).until(b -> "inputs/coffee.png".equals(b.findElement(By.id("input")).getAttribute("value")));
        assertEquals(-1, Files.mismatch(coffee, home.resolve("inputs/coffee.png")), "the upload is the photo, byte for byte");

        waiting(5).until(b -> { item("palette", "dither").get(0).findElement(By.cssSelector("button.add")).click(); return true; });
        waiting(10).until(b -> b.findElement(By.id("chain-text")).getText().equals("dither"));
        browser.findElement(By.id("run-chain")).click();
        waiting(60).until(b -> !b.findElements(By.cssSelector("#runs li[data-state='succeeded'] .files a")).isEmpty());
        WebElement run = browser.findElement(By.cssSelector("#runs li[data-state='succeeded']"));
        assertEquals("1", run.findElement(By.tagName("progress")).getAttribute("value"));
        assertTrue(run.getText().contains("1/1 photos"), run.getText());
        assertTrue(run.getText().contains("coffee.png: done"), run.getText());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('runs-panel').scrollIntoView()");
        Files.write(SHOTS.resolve("studio-runs.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        // the download link gives the full-size result (not the preview's reduced copy)
        String href = run.findElement(By.cssSelector(".files a")).getAttribute("href");
        String token = url.substring(url.indexOf("token=") + "token=".length());
        java.net.http.HttpResponse<byte[]> got = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).header("X-Atelier-Token", token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode(), new String(got.body(), StandardCharsets.UTF_8));
        assertTrue(got.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(got.body()));
        java.awt.image.BufferedImage original = javax.imageio.ImageIO.read(coffee.toFile());
        assertEquals(original.getWidth() + "x" + original.getHeight(), image.getWidth() + "x" + image.getHeight());
        try (java.util.stream.Stream<Path> runs = Files.list(home.resolve("out/studio"))) {
            Path folder = runs.findFirst().orElseThrow();
            assertEquals(-1, Files.mismatch(folder.resolve("coffee.png"), writeTemp(got.body())), "the download is the file the run wrote");
        }
        // a path out of the run's folder is refused
        java.net.http.HttpResponse<String> outside = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href.replaceAll("file=[^&]*", "file=..%2F..%2Fpipelines%2Fmine.pipeline.yaml")))
                        .header("X-Atelier-Token", token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, outside.statusCode(), outside.body());
    }

    @Test @Order(8)
    void aMosaicPreviewShowsItsBillOfMaterialsAndAFullRunWritesIt() throws Exception {
        browser.get(url);
        waiting(20).until(b -> !item("palette", "mosaic").isEmpty() && !b.findElements(By.cssSelector("#input option")).isEmpty());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const s = document.getElementById('input'); s.value = 'samples/chelsea.png'; s.dispatchEvent(new Event('change'));");
        waiting(5).until(b -> { item("palette", "mosaic").get(0).findElement(By.cssSelector("button.add")).click(); return true; });
        // the filter declares its text reports; the page shows them under the picture, no mosaic code in the Studio
        waiting(60).until(b -> !b.findElements(By.cssSelector("#reports details[data-report='mosaic.bom'] pre")).isEmpty());
        String bom = browser.findElement(By.cssSelector("#reports details[data-report='mosaic.bom'] pre")).getText();
        assertTrue(bom.startsWith("Bill of materials: chelsea"), bom);
        assertEquals(1, browser.findElements(By.cssSelector("#reports details[data-report='mosaic.chart']")).size());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('preview-panel').scrollIntoView()");
        Files.write(SHOTS.resolve("studio-mosaic.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        // a full-size run writes the picture and both reports, to download
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("run-scope"))).selectByValue("photo");
        browser.findElement(By.id("run-chain")).click();
        waiting(120).until(b -> b.findElements(By.cssSelector("#runs li[data-state='succeeded']")).size() >= 2);
        String files = browser.findElement(By.cssSelector("#runs li[data-state='succeeded'] .files")).getText();
        assertTrue(files.contains("chelsea.png") && files.contains("chelsea-mosaic.bom.txt") && files.contains("chelsea-mosaic.chart.txt"), files);
    }

    @Test @Order(9)
    void aBigJpegPreviewsAtOneHundredPercentWithItsOwnCompressionForDeblock() throws Exception {
        // a 2 MP photo saved at JPEG quality 10: the whole-photo preview would be a scaled copy without its tables
        java.awt.image.BufferedImage photo = javax.imageio.ImageIO.read(Path.of(System.getProperty("atelier.samples")).resolve("astronaut.png").toFile());
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(1600, 1200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        big.createGraphics().drawImage(photo, 0, 0, 1600, 1200, null);
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam q = writer.getDefaultWriteParam();
        q.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        q.setCompressionQuality(0.1f);
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(home.resolve("samples/astronaut-q10.jpg").toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(big, null, null), q);
        }
        browser.get(url);
        waiting(20).until(b -> !item("palette", "deblock").isEmpty()
                && !b.findElements(By.cssSelector("#input option[value='samples/astronaut-q10.jpg']")).isEmpty());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const s = document.getElementById('input'); s.value = 'samples/astronaut-q10.jpg'; s.dispatchEvent(new Event('change'));"
                        + "const v = document.getElementById('view'); v.value = 'crop'; v.dispatchEvent(new Event('change'));");
        waiting(20).until(b -> b.findElement(By.id("before")).getAttribute("src").contains("view=crop")
                && Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) b).executeScript(
                        "const i = document.getElementById('before'); return i.complete && i.naturalWidth === 1024;")));
        waiting(5).until(b -> { item("palette", "deblock").get(0).findElement(By.cssSelector("button.add")).click(); return true; });
        waiting(120).until(b -> afterSeq() != null);
        String status = browser.findElement(By.id("preview-status")).getText();
        Object size = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("const i = document.getElementById('after'); return i.naturalWidth + 'x' + i.naturalHeight;");
        assertEquals("1024x1024", size, "the crop at the photo's own scale");
        // deblocked, not passed through: the network's result differs from the JPEG's own pixels
        Object changed = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "function px(id) { const img = document.getElementById(id); const c = document.createElement('canvas'); c.width = 256; c.height = 256;"
                        + "const g = c.getContext('2d'); g.drawImage(img, 384, 384, 256, 256, 0, 0, 256, 256); return g.getImageData(0, 0, 256, 256).data; }"
                        + "const a = px('before'), b = px('after'); let d = 0; for (let i = 0; i < a.length; i += 4) d += Math.abs(a[i] - b[i]); return d / (a.length / 4);");
        assertTrue(((Number) changed).doubleValue() > 0.5, "deblock changed the crop (mean difference " + changed + "): " + status);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('preview-panel').scrollIntoView()");
        Files.write(SHOTS.resolve("studio-deblock-crop.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static Path writeTemp(byte[] bytes) throws IOException {
        Path f = Files.createTempFile("studio-download", ".png");
        Files.write(f, bytes);
        f.toFile().deleteOnExit();
        return f;
    }

    /**
     * The cnc plugin's machine panel, a plugin-contributed panel the Studio lists without knowing it: connect to a
     * GRBL device on a socat pty, draw the chain's drawing with it (the Studio's full-size run with a cnc output),
     * hold and resume it mid-way, and see the executed part drawn over the program as it goes.
     */
    @Test @Order(10)
    void theMachinePanelStreamsADrawingToAGrblDevice() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.atelier.test.grbl.Pty.socatInstalled(), "socat is not installed (apt-get install socat; .ci/run does)");
        Path ptyDir = Files.createTempDirectory("atelier-studio-pty");
        dev.atelier.test.grbl.GrblDevice.Options o = new dev.atelier.test.grbl.GrblDevice.Options();
        o.timeScale = 0.1; // moves take a tenth of their time: a few seconds in all, long enough to hold mid-way
        try (dev.atelier.test.grbl.Pty pty = new dev.atelier.test.grbl.Pty(ptyDir);
             dev.atelier.test.grbl.GrblDevice device = new dev.atelier.test.grbl.GrblDevice(pty.device, o)) {
            browser.get(url);
            waiting(20).until(b -> !b.findElements(By.cssSelector("section[data-panel='Machine'] #cnc-port")).isEmpty()
                    && !item("palette", "linify").isEmpty() && !b.findElements(By.cssSelector("#input option")).isEmpty());
            assertEquals("dev.atelier.plugin.cnc.studio", browser.findElement(By.cssSelector("section[data-panel='Machine']")).getAttribute("data-bundle"));
            typeInto("cnc-port", pty.host.toString());
            browser.findElement(By.id("cnc-connect")).click();
            String idle = "#cnc-machines-state .cnc-machine[data-port='" + pty.host + "'] [data-state='Idle']";
            try {
                waiting(20).until(b -> !b.findElements(By.cssSelector(idle)).isEmpty());
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("the panel shows no idle machine on " + pty.host + ":\n"
                        + browser.findElement(By.cssSelector("section[data-panel='Machine']")).getAttribute("innerHTML"), e);
            }

            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "const s = document.getElementById('input'); s.value = 'samples/chelsea.png'; s.dispatchEvent(new Event('change'));");
            waiting(5).until(b -> { item("palette", "linify").get(0).findElement(By.cssSelector("button.add")).click(); return true; });
            WebElement cells = waiting(10).until(b -> b.findElement(By.cssSelector("#steps li[data-step='linify'] [data-parameter='cells'] input[type=number]")));
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "arguments[0].value = '10'; arguments[0].dispatchEvent(new Event('change'));", cells);
            waiting(10).until(b -> b.findElement(By.id("chain-text")).getText().equals("linify cells=10"));
            typeInto("cnc-machine", "grbl-plotter");
            browser.findElement(By.id("cnc-draw")).click();
            String message = waiting(20).until(b -> { String t = b.findElement(By.id("cnc-message")).getText(); return t.startsWith("drawing: run ") ? t : null; });
            String runId = message.replaceFirst("^drawing: run (\\d+).*$", "$1");
            String ours = "#runs li[data-run='" + runId + "']";

            // running: part of the program acknowledged and drawn over the rest
            String running = "#cnc-machines-state .cnc-machine[data-job]";
            waiting(30).until(b -> !b.findElements(By.cssSelector(running)).isEmpty());
            WebElement drawing = browser.findElement(By.id("cnc-drawing"));
            waiting(10).until(b -> Integer.parseInt(drawing.getAttribute("data-executed") == null ? "0" : drawing.getAttribute("data-executed")) > 0);
            int moves = Integer.parseInt(drawing.getAttribute("data-moves"));
            assertTrue(moves > 20, "the program's moves are drawn: " + moves);

            // hold: the machine stops where it is; resume (~) goes on
            browser.findElement(By.id("cnc-hold")).click();
            waiting(10).until(b -> !b.findElements(By.cssSelector("#cnc-machines-state [data-state^='Hold']")).isEmpty());
            int heldAt = Integer.parseInt(drawing.getAttribute("data-acknowledged"));
            Thread.sleep(600);
            assertTrue(Integer.parseInt(drawing.getAttribute("data-acknowledged")) <= heldAt + 16,
                    "held: at most a planner's worth of lines more are taken");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelector(\"section[data-panel='Machine']\").scrollIntoView()");
            Files.write(SHOTS.resolve("studio-machine.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            browser.findElement(By.id("cnc-start")).click();

            // to the end: the Studio's run succeeds, every program line reached the device once, the whole drawing is executed
            waiting(120).until(b -> !b.findElements(By.cssSelector(ours + "[data-state='succeeded']," + ours + "[data-state='failed']," + ours + "[data-state='cancelled']")).isEmpty());
            WebElement run = browser.findElement(By.cssSelector(ours));
            assertEquals("succeeded", run.getAttribute("data-state"), run.getText());
            String job = waiting(10).until(b -> b.findElement(By.cssSelector("#cnc-jobs li[data-state='completed']")).getAttribute("data-cnc-job"));
            waiting(10).until(b -> drawing.getAttribute("data-executed").equals(drawing.getAttribute("data-moves")));
            List<String> program = Files.readAllLines(home.resolve("cnc-jobs").resolve(job + ".gcode"));
            List<String> sent = program.stream().map(l -> l.replaceFirst(";.*", "").trim()).filter(l -> !l.isEmpty()).toList();
            assertEquals(sent, device.received().stream().filter(l -> !l.startsWith("$")).toList(), "every program line, once, in order");
            assertTrue(run.getText().contains(".gcode"), "the run also wrote the G-code file: " + run.getText());
            browser.findElement(By.id("cnc-disconnect")).click();
            waiting(10).until(b -> b.findElements(By.cssSelector("#cnc-machines-state .cnc-machine")).isEmpty());
        }
    }
}
