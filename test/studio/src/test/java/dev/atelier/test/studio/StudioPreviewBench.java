package dev.atelier.test.studio;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ./atelier bench-studio}: the preview round trip in the browser, from a control's change to the new
 * image shown (the page's own clock, {@code data-since-change}), for dither, linify and mosaic on a 1 MP photo
 * (the astronaut scaled to 1000 x 1000). Not part of the test run (the module's Surefire leaves *Bench out);
 * the command names it.
 */
class StudioPreviewBench {
    // the JIT compiles the preview's path during the first turns (C2 took 7 s of CPU in one 20-turn run of all rows):
    // a third of the turns are left out, so the medians are the warm host a user turning knobs meets
    static final int ROUNDS = Integer.getInteger("studio.bench.rounds", 30), WARM_UP = ROUNDS / 3, STARTS = 15;

    @Test
    void previewRoundTrips() throws Exception {
        try (StudioSession s = StudioSession.start()) {
            BufferedImage astronaut = ImageIO.read(Path.of(System.getProperty("atelier.samples")).resolve("astronaut.png").toFile());
            BufferedImage big = new BufferedImage(1000, 1000, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = big.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(astronaut, 0, 0, 1000, 1000, null);
            g.dispose();
            ImageIO.write(big, "png", s.home.resolve("samples/astronaut-1mp.png").toFile());

            // the first load of this browser (nothing cached) from the host just started: navigation to load event,
            // and to the palette shown; then five more browsers of their own (nothing cached) against the running host
            List<?> l = pageLoad(s.browser, s.url);
            String pageLoad = String.format(Locale.ROOT, "Cold page load, first visit after the host's start (loopback): DOMContentLoaded %s ms, load %s ms, "
                    + "palette shown %s ms (goal: 300 ms)", l.get(0), l.get(1), l.get(2));
            List<Long> loads = new ArrayList<>(), palettes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                WebDriver fresh = StudioSession.browser();
                try {
                    List<?> m = pageLoad(fresh, s.url);
                    loads.add(((Number) m.get(1)).longValue());
                    palettes.add(((Number) m.get(2)).longValue());
                } finally {
                    fresh.quit();
                }
            }
            pageLoad += String.format(Locale.ROOT, "%nCold page load, a new browser (empty cache) each time, host running, 5 loads: load event median %d ms (%s), "
                    + "palette shown median %d ms", median(loads), loads, median(palettes));

            List<String> rows = new ArrayList<>();
            // {filter, goal, the list parameter turned}: dither's kernel (error diffusion either way), and its method
            // between error diffusion and bayer2, an ordered dither with Knoll's pattern method that costs more a pixel
            // {filter, goal, the list parameter turned, ms between turns}: back to back (the next change as soon as an
            // image is shown, as a slider dragged) and, for dither, a turn every 300 ms as a hand turns a knob
            for (String[] f : new String[][] {{"dither", "150", "kernel", "0"}, {"dither", "150", "kernel", "300"}, {"dither", "150", "method", "0"},
                    {"linify", "400", "", "0"}, {"mosaic", "400", "", "0"}}) {
                List<Long> times = knobTurns(s.browser, s.url, f[0], f[2], Long.parseLong(f[3]));
                List<Long> sorted = times.subList(WARM_UP, times.size()).stream().sorted().toList();
                long median = sorted.get(sorted.size() / 2);
                String what = f[0] + (f[2].isEmpty() ? "" : " (" + f[2] + ")") + (f[3].equals("0") ? ", back to back" : ", a turn every " + f[3] + " ms");
                rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s ms | %s |", what, sorted.size(), median, sorted.get(0),
                        sorted.get(sorted.size() - 1), f[1], median <= Long.parseLong(f[1]) ? "met" : "not met"));
            }
            System.out.println();
            System.out.println("Preview round trip in headless Chromium, 1 MP photo (1000 x 1000), ms from a control's change to the image shown,");
            System.out.println(ROUNDS + " changes each, the first " + WARM_UP + " left out (the JIT's warm-up), " + Runtime.getRuntime().availableProcessors() + " cores:");
            System.out.println();
            System.out.println("| filter | n | median | min | max | goal | |");
            System.out.println("|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println(pageLoad);
        }
        // the start-up figures on an otherwise idle machine: with the session's host and browser still running (a page
        // open on its event stream), a start with the Studio, which uses both cores, lost more to them than a plain one
        System.out.println(studioStartUp());
        System.out.println(bareJettyStartUp());
        System.out.println();
    }

    /** [DOMContentLoaded, load event, palette shown] of a first visit, ms from the navigation's start. */
    private static List<?> pageLoad(WebDriver browser, String url) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> ((JavascriptExecutor) b).executeScript(
                "return performance.getEntriesByName('atelier-palette').length") instanceof Long n && n > 0);
        return (List<?>) ((JavascriptExecutor) browser).executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return [Math.round(n.domContentLoadedEventEnd), Math.round(n.loadEventEnd), "
                        + "Math.round(performance.getEntriesByName('atelier-palette')[0].startTime)];");
    }

    /** What the Studio adds to the host's start: {@code atelier status}'s ready time with and without its bundles, interleaved. */
    private static String studioStartUp() throws Exception {
        Starts without = new Starts(), with = new Starts();
        for (int i = 0; i < STARTS; i++) {
            without.add(ready(false));
            with.add(ready(true));
        }
        long a = median(without.ready), b = median(with.ready);
        // this VM drifts by more than the share between series: each run with the Studio against the plain run just
        // before it cancels that drift, so the median of those differences is the steadier figure of the two
        List<Long> paired = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) paired.add(with.ready.get(i) - without.ready.get(i));
        String line = String.format(Locale.ROOT, "Host start-up (atelier status, ready), " + STARTS + " interleaved runs each: %d ms without the Studio, %d ms with it: +%d ms; "
                + "median of the %d paired differences +%d ms (goal: +150 ms)", a, b, b - a, STARTS, median(paired));
        if (with.cpu.contains(-1L) || without.cpu.contains(-1L)) return line;
        // the process's CPU until ready (every thread, the JIT's too): what the Studio's start costs whatever the machine;
        // where the plain start already keeps every core busy, the share of the wall time is about it over the cores
        long ca = median(without.cpu), cb = median(with.cpu);
        return line + String.format(Locale.ROOT, "%nCPU until ready (all threads): %d ms without the Studio (%.1f cores busy on average), %d ms with it (%.1f): +%d ms of CPU, "
                + "+%d ms of wall time where it finds all %d cores busy", ca, (double) ca / a, cb, (double) cb / b, cb - ca, (cb - ca) / Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The floor under that share, outside Atelier's code: a bare Felix framework starting the Studio's server bundles
     * (Felix HTTP Jetty, the servlet API, SLF4J) against the same framework without Jetty, each set with a
     * class-data archive of its own made first, interleaved ({@link BareJettyStart}).
     */
    private static String bareJettyStartUp() throws Exception {
        List<String> base = List.of("org.apache.felix.http.servlet-api.jar", "slf4j-api.jar", "slf4j-jdk14.jar");
        List<String> withJetty = new ArrayList<>(base);
        withJetty.add("org.apache.felix.http.jetty.jar");
        Path work = java.nio.file.Files.createTempDirectory("atelier-bench-jetty");
        Starts without = new Starts(), with = new Starts();
        try {
            bare(work, "base", base, true);
            bare(work, "jetty", withJetty, true);
            for (int i = 0; i < STARTS; i++) {
                without.add(bare(work, "base", base, false));
                with.add(bare(work, "jetty", withJetty, false));
            }
        } finally {
            StudioSession.deleteTree(work);
        }
        long a = median(without.ready), b = median(with.ready);
        return String.format(Locale.ROOT, "Felix HTTP Jetty alone (a bare Felix framework, no Atelier bundle), " + STARTS
                + " interleaved runs each: %d ms without it, %d ms with it: +%d ms; CPU until ready %d -> %d ms: +%d ms of CPU",
                a, b, b - a, median(without.cpu), median(with.cpu), median(with.cpu) - median(without.cpu));
    }

    private static long[] bare(Path work, String name, List<String> bundles, boolean makeArchive) throws Exception {
        Path jsa = work.resolve(name + ".jsa"), storage = java.nio.file.Files.createTempDirectory(work, "cache");
        String framework = Path.of(org.osgi.framework.launch.FrameworkFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String classes = Path.of(BareJettyStart.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(StudioSession.jvmOptions());
        cmd.addAll(List.of(makeArchive ? "-XX:ArchiveClassesAtExit=" + jsa : "-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", framework + java.io.File.pathSeparator + classes, BareJettyStart.class.getName(), storage.toString()));
        for (String b : bundles) cmd.add(StudioSession.STUDIO.resolve(b).toString());
        return readyTimeAndCpu(cmd);
    }

    /** Runs a JVM to its end: {ready time, CPU until ready or -1} from its line "ready N ms after JVM start, M ms of CPU". */
    private static long[] readyTimeAndCpu(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ready (\\d+) ms(?: after JVM start, (\\d+) ms of CPU)?").matcher(out);
        if (!m.find()) throw new IllegalStateException("no ready time in: " + out);
        return new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? -1 : Long.parseLong(m.group(2))};
    }

    /** A series of starts: each one's ready time and CPU until ready, as {@link #readyTimeAndCpu} returns them. */
    private static final class Starts {
        final List<Long> ready = new ArrayList<>(), cpu = new ArrayList<>();

        void add(long[] start) {
            ready.add(start[0]);
            cpu.add(start[1]);
        }
    }

    private static long median(List<Long> xs) {
        return xs.stream().sorted().toList().get(xs.size() / 2);
    }

    /** {ready time, CPU until ready or -1} of one {@code atelier status} start, with or without the Studio's bundles. */
    private static long[] ready(boolean studio) throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("atelier-bench-start");
        for (String d : List.of("etc", "deploy", "pipelines")) java.nio.file.Files.createDirectories(home.resolve(d));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(StudioSession.jvmOptions());
        // each start with the archive ./atelier gives it (a Studio start: the one made with the Studio's bundles)
        Path jsa = studio ? StudioSession.STUDIO_ARCHIVE : Path.of(StudioSession.JAR.toString().replace(".jar", ".jsa"));
        cmd.addAll(StudioSession.archiveOptions(jsa));
        if (studio) cmd.addAll(List.of("-Datelier.lib.extra=" + StudioSession.STUDIO, "-Dorg.osgi.service.http.port=0", "-Dorg.apache.felix.http.host=127.0.0.1"));
        cmd.addAll(List.of("-Datelier.home=" + home, "-Dgosh.args=--nointeractive", "-Dorg.osgi.framework.startlevel.beginning=1",
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + home.resolve("cache"), "-jar", StudioSession.JAR.toString(), "status"));
        try {
            return readyTimeAndCpu(cmd);
        } finally {
            StudioSession.deleteTree(home);
        }
    }

    /** Adds the filter on the 1 MP photo, then changes its first list parameter ROUNDS times, each time waiting for the new image. */
    /**
     * @param parameter the list parameter turned, or "" for the filter's first
     * @param pauseMillis how long to wait after an image is shown before the next turn
     */
    private static List<Long> knobTurns(WebDriver browser, String url, String filter, String parameter, long pauseMillis) throws InterruptedException {
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(5));
        wait.until(b -> !b.findElements(By.cssSelector("#palette li[data-name='" + filter + "'] button.add")).isEmpty()
                && !b.findElements(By.cssSelector("#input option[value='samples/astronaut-1mp.png']")).isEmpty());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("const s = document.getElementById('input'); s.value = 'samples/astronaut-1mp.png'; s.dispatchEvent(new Event('change'));");
        browser.findElement(By.cssSelector("#palette li[data-name='" + filter + "'] button.add")).click();
        wait.until(b -> b.findElement(By.id("after")).getAttribute("data-seq") != null);
        List<Long> times = new ArrayList<>(), jobs = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            if (pauseMillis > 0) Thread.sleep(pauseMillis);
            String seq = browser.findElement(By.id("after")).getAttribute("data-seq");
            js.executeScript("const s = document.querySelector(arguments[0]); "
                    + "s.selectedIndex = (s.selectedIndex + 1) % Math.min(2, s.options.length); "
                    + "s.dispatchEvent(new Event('change'));", parameter.isEmpty() ? "#steps select" : "#steps select[name='" + parameter + "']");
            wait.until(b -> {
                String now = b.findElement(By.id("after")).getAttribute("data-seq");
                return now != null && !now.equals(seq);
            });
            times.add(Long.parseLong(browser.findElement(By.id("after")).getAttribute("data-since-change")));
            jobs.add(Long.parseLong(browser.findElement(By.id("after")).getAttribute("data-job")));
            if (i == ROUNDS - 1) System.out.println(filter + (parameter.isEmpty() ? "" : " (" + parameter + ")") + ", last preview: page " + times.get(i) + " ms, the host's job " + jobs.get(i) + " ms: "
                    + browser.findElement(By.id("after")).getAttribute("data-steps") + "; in the page: " + browser.findElement(By.id("after")).getAttribute("data-phases"));
        }
        return times;
    }
}
