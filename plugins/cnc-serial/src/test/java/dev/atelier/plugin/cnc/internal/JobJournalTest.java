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

    @Test void theMoveBackGoesToWhereTheLastAcknowledgedLineLeftTheMachine() {
        // resuming at line 7: lines 1..6 ran; X from line 5, Y from line 6 (a comment in parentheses does not hide it), feed from line 5
        assertEquals(List.of("G21", "G90", "G0 X3 Y4", "F1500"), CncRunner.reposition(PROGRAM, 7));
        assertEquals(List.of("G21", "G90", "G0 X5 Y6", "F900"), CncRunner.reposition(PROGRAM, 8));
    }

    @Test void aProgramBeyondTheControllersTravelIsReported() {
        Map<String, String> travel = Map.of("$130", "4.000", "$131", "10.000");
        String w = CncRunner.beyondTravel(PROGRAM, travel);
        assertTrue(w != null && w.contains("X 5.00, Y 6.00") && w.contains("4 x 10 mm"), String.valueOf(w));
        assertNull(CncRunner.beyondTravel(PROGRAM, Map.of("$130", "150", "$131", "100")));
        assertNull(CncRunner.beyondTravel(PROGRAM, Map.of()), "no settings: nothing to check against");
    }
}
