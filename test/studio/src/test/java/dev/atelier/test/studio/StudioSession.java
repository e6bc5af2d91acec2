package dev.atelier.test.studio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The exported host started with the Studio's bundles on a free port, as {@code ./atelier studio} starts it, in a
 * home of its own (chelsea in its samples/), and Debian's headless Chromium driven through chromedriver.
 */
final class StudioSession implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("atelier.jar"));
    static final Path STUDIO = Path.of(System.getProperty("atelier.studio.bundles"));
    /** The class-data archive ./atelier build makes for Studio starts (beside atelier.jar). */
    static final Path STUDIO_ARCHIVE = JAR.resolveSibling("atelier-studio.jsa");

    /** The options that start a JVM with a class-data archive, as ./atelier does: none when the build made no such archive. */
    static List<String> archiveOptions(Path jsa) {
        return Files.exists(jsa) ? List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off") : List.of();
    }

    /** The options ./atelier gives every host JVM (runtime/jvm.options beside runtime/target/), so hosts here start as users' do. */
    static List<String> jvmOptions() throws java.io.IOException {
        Path file = JAR.toAbsolutePath().getParent().getParent().resolve("jvm.options");
        return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    final Process host;
    final Path home;
    final int port;
    final String url;
    final WebDriver browser;

    private StudioSession(Process host, Path home, int port, String url, WebDriver browser) {
        this.host = host;
        this.home = home;
        this.port = port;
        this.url = url;
        this.browser = browser;
    }

    static StudioSession start() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " is missing: the Studio's browser tests need Debian's chromium and "
                    + "chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        Path home = Files.createTempDirectory("atelier-studio-test");
        for (String d : List.of("etc", "deploy", "pipelines", "cache", "samples")) Files.createDirectories(home.resolve(d));
        // the photos a preview starts from: the home's samples/ folder, as in runtime/
        Files.copy(Path.of(System.getProperty("atelier.samples")).resolve("chelsea.png"), home.resolve("samples/chelsea.png"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions());
        // the class-data archive ./atelier studio starts with, where the build made it
        cmd.addAll(archiveOptions(STUDIO_ARCHIVE));
        cmd.addAll(List.of("-Datelier.lib.extra=" + STUDIO, "-Dorg.osgi.service.http.port=" + port, "-Dorg.apache.felix.http.host=127.0.0.1",
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + home.resolve("cache"), "-Datelier.home=" + home, "-Dgosh.args=--nointeractive", "-jar", JAR.toString()));
        Process host = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("host.txt").toFile()).start();
        Pattern printed = Pattern.compile("Atelier Studio: (http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]+)");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String url = null, output = "";
        while (url == null && System.nanoTime() < until) {
            output = Files.readString(home.resolve("host.txt"), StandardCharsets.UTF_8);
            Matcher m = printed.matcher(output);
            if (m.find()) url = m.group(1);
            else Thread.sleep(100);
        }
        assertTrue(url != null, "the host printed no Studio address:\n" + output);
        // the server's own start is quiet: Jetty's and Felix HTTP's INFO lines are not the user's business
        assertFalse(output.contains("INFO:") || output.contains("org.eclipse.jetty"), "the server's start logged at INFO:\n" + output);
        return new StudioSession(host, home, port, url, browser());
    }

    /** A headless Chromium with a profile of its own (nothing cached). */
    static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(service, options);
    }

    @Override public void close() throws Exception {
        browser.quit();
        host.destroy();
        if (!host.waitFor(20, TimeUnit.SECONDS)) host.destroyForcibly();
        host.waitFor(20, TimeUnit.SECONDS);
        deleteTree(home);
    }

    /** Deletes a test's home or work folder (its framework cache alone is about 20 MB a start). */
    static void deleteTree(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) return;
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
