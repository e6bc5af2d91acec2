package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.test.grbl.GrblDevice;
import dev.atelier.test.grbl.Pty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cnc output in the exported jar, streaming to a GRBL device on a socat pseudo-terminal. */
class CncTest {
    @TempDir Path home;
    @TempDir Path ptyDir;
    Pty pty;
    GrblDevice device;

    @BeforeEach void start() throws Exception {
        assumeTrue(Pty.socatInstalled(), "socat is not installed (apt-get install socat; .ci/run does)");
        AtelierProcess.home(home);
        pty = new Pty(ptyDir);
    }

    @AfterEach void stop() throws Exception {
        if (device != null) device.close();
        if (pty != null) pty.close();
    }

    @Test void drawsAPhotoOnTheMachineAndJournalsEveryLine() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.bannerOnOpen = false; // a GRBL that was already running: the host must reset it to see the banner
        device = new GrblDevice(pty.device, o);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "linify cells=12 ! cnc port=" + pty.host + " machine=grbl-plotter",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        Path jobs = home.resolve("cnc-jobs");
        List<Path> programs;
        try (var s = Files.list(jobs)) {
            programs = s.filter(p -> p.toString().endsWith(".gcode")).toList();
        }
        assertEquals(1, programs.size());
        List<String> program = Files.readAllLines(programs.get(0));
        List<String> sent = program.stream().map(l -> l.replaceFirst(";.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        assertEquals(sent, device.received().stream().filter(l -> !l.startsWith("$")).toList(), "every program line, once, in order");
        String journal = Files.readString(programs.get(0).resolveSibling(programs.get(0).getFileName().toString().replace(".gcode", ".journal")));
        assertTrue(journal.endsWith("state completed\n"), journal.substring(Math.max(0, journal.length() - 200)));
        assertEquals(sent.size(), journal.lines().filter(l -> l.startsWith("ack ")).count());
        assertEquals(0, device.overflows.get());
    }

    @Test void anErrorStopsTheJobAndSaysHowToResume() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.errorOnLine = 30;
        device = new GrblDevice(pty.device, o);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "linify cells=12 ! cnc port=" + pty.host + " machine=grbl-plotter",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("error:20 Unsupported or invalid g-code command found in block.") && r.stderr().contains("continue with cnc:resume "),
                r.stderr());
        // the 30th line GRBL gets is line 33 of the program, after three comment lines; lines already in GRBL's
        // buffer behind it still run, as on a real GRBL, and are counted as done
        assertTrue(r.stderr().contains("line 33 'G1 "), r.stderr());
    }

    @Test void aMissingPortIsAClearError() throws Exception {
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "linify cells=4 ! cnc port=" + ptyDir.resolve("ttyNONE"),
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("cannot open serial port " + ptyDir.resolve("ttyNONE")), r.stderr());
    }
}
