package dev.atelier.plugin.cnc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal a resume reads, the moves back, and the travel check. */
class JobJournalTest {
    @TempDir Path dir;

    static final List<String> PROGRAM = List.of("; a comment", "G21", "G90", "G0 X1 Y2", "G1 X3 F1500", "(pause) G1 Y4", "G1 X5 Y6 F900", "M2");

    @Test void aJournalCutOffMidLineKeepsTheAcknowledgementsBeforeIt() throws Exception {
        try (JobJournal j = JobJournal.create(dir, "job", PROGRAM, Map.of("port", "/dev/ttyACM0"))) {
            for (int line = 2; line <= 5; line++) j.acknowledged(line);
        }
        Files.writeString(dir.resolve("job.journal"), "ack 6", StandardOpenOption.APPEND); // torn: no newline, then a crash
        Files.writeString(dir.resolve("job.journal"), "\nack", StandardOpenOption.APPEND);
        JobJournal.State s = JobJournal.read(dir, "job");
        assertEquals(6, s.lastAcknowledged());
        assertEquals(5, s.acknowledgedLines());
        assertEquals("running", s.state());
        assertEquals("/dev/ttyACM0", s.settings().get("port"));
        assertEquals(PROGRAM, Files.readAllLines(s.program()));
    }

    @Test void aMissingJobIsAClearError() {
        Exception e = assertThrows(java.io.IOException.class, () -> JobJournal.read(dir, "nope"));
        assertTrue(e.getMessage().contains("no job 'nope'") && e.getMessage().contains("cnc:jobs"), e.getMessage());
    }

    @Test void theWayBackRetracesTheDrawnPathNeverJumpingAcrossThePicture() {
        // the path: (0,0) -> line 4 (1,2) -> line 5 (3,2) -> line 6 (3,4) -> line 7 (5,6); the feed in force before line 7 is 1500
        // stopped part way along line 7, at (4,5): back to where line 6 left the pen, over the segment being drawn
        assertEquals(List.of("G21", "G90", "F1500", "G1 X3 Y4"), CncRunner.retrace(PROGRAM, 7, new double[] {4, 5, 0}));
        // homed to (0,0) meanwhile: the whole drawn path again, every move a G1 along it
        assertEquals(List.of("G21", "G90", "F1500", "G1 X0 Y0", "G1 X1 Y2", "G1 X3 Y2", "G1 X3 Y4"),
                CncRunner.retrace(PROGRAM, 7, new double[] {0, 0, 0}));
        assertEquals(CncRunner.retrace(PROGRAM, 7, new double[] {0, 0}), CncRunner.retrace(PROGRAM, 7, null), "no position: from the start");
        // before any feed was set, the program's first feed (GRBL refuses G1 without one)
        assertEquals(List.of("G21", "G90", "F1500", "G1 X1 Y2"), CncRunner.retrace(PROGRAM, 5, new double[] {1, 2}));
    }

    @Test void aStopThatKnewThePlannerResumesAtTheFirstLineNotDrawn() throws Exception {
        try (JobJournal j = JobJournal.create(dir, "stopped", PROGRAM, Map.of("port", "/dev/ttyACM0"))) {
            for (int line = 2; line <= 7; line++) j.acknowledged(line);
            j.stopped(5, new double[] {2.5, 2});
            j.finish("alarm 3");
        }
        JobJournal.State s = JobJournal.read(dir, "stopped");
        assertEquals(7, s.lastAcknowledged());
        assertEquals(5, s.resumeLine(), "lines 5-7 were acknowledged (planned) but not all drawn");
        assertEquals("alarm 3", s.state());

        // a resume refused before it sent anything (the controller was still locked) keeps that start
        try (JobJournal j = JobJournal.reopen(dir, "stopped")) {
            j.event("resume on /dev/ttyACM0 from line 5");
            j.finish("failed");
        }
        assertEquals(5, JobJournal.read(dir, "stopped").resumeLine(), "a failed attempt must not move the resume point past undrawn lines");
    }

    @Test void aHostThatDiedMidJobResumesAPlannersWorthBack() throws Exception {
        try (JobJournal j = JobJournal.create(dir, "died", PROGRAM, Map.of("port", "/dev/ttyACM0"))) {
            for (int line = 1; line <= 100; line++) j.acknowledged(line);
        }
        // no stop was recorded: of the last oks, up to a planner's worth may not have been drawn
        assertEquals(100 - GrblConnection.UNKNOWN_PLANNER + 1, JobJournal.read(dir, "died").resumeLine());
    }

    @Test void aProgramBeyondTheControllersTravelIsReported() {
        Map<String, String> travel = Map.of("$130", "4.000", "$131", "10.000");
        String w = CncRunner.beyondTravel(PROGRAM, travel);
        assertTrue(w != null && w.contains("X 5.00, Y 6.00") && w.contains("4 x 10 mm"), String.valueOf(w));
        assertNull(CncRunner.beyondTravel(PROGRAM, Map.of("$130", "150", "$131", "100")));
        assertNull(CncRunner.beyondTravel(PROGRAM, Map.of()), "no settings: nothing to check against");
    }
}
