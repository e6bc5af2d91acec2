package dev.atelier.plugin.cnc.internal;

import java.util.Map;

/** GRBL 1.1's own texts for its error and alarm codes (from its documentation, error_codes_en_US.csv). */
final class GrblCodes {
    private GrblCodes() { }

    static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(1, "G-code words consist of a letter and a value. Letter was not found."),
            Map.entry(2, "Numeric value format is not valid or missing an expected value."),
            Map.entry(3, "Grbl '$' system command was not recognized or supported."),
            Map.entry(4, "Negative value received for an expected positive value."),
            Map.entry(5, "Homing cycle is not enabled via settings."),
            Map.entry(6, "Minimum step pulse time must be greater than 3usec"),
            Map.entry(7, "EEPROM read failed. Reset and restored to default values."),
            Map.entry(8, "Grbl '$' command cannot be used unless Grbl is IDLE. Ensures smooth operation during a job."),
            Map.entry(9, "G-code locked out during alarm or jog state"),
            Map.entry(10, "Soft limits cannot be enabled without homing also enabled."),
            Map.entry(11, "Max characters per line exceeded. Line was not processed and executed."),
            Map.entry(12, "(Compile Option) Grbl '$' setting value exceeds the maximum step rate supported."),
            Map.entry(13, "Safety door detected as opened and door state initiated."),
            Map.entry(14, "(Grbl-Mega Only) Build info or startup line exceeded EEPROM line length limit."),
            Map.entry(15, "Jog target exceeds machine travel. Command ignored."),
            Map.entry(16, "Jog command with no '=' or contains prohibited g-code."),
            Map.entry(17, "Laser mode requires PWM output."),
            Map.entry(20, "Unsupported or invalid g-code command found in block."),
            Map.entry(21, "More than one g-code command from same modal group found in block."),
            Map.entry(22, "Feed rate has not yet been set or is undefined."),
            Map.entry(23, "G-code command in block requires an integer value."),
            Map.entry(24, "Two G-code commands that both require the use of the XYZ axis words were detected in the block."),
            Map.entry(25, "A G-code word was repeated in the block."),
            Map.entry(26, "A G-code command implicitly or explicitly requires XYZ axis words in the block, but none were detected."),
            Map.entry(27, "N line number value is not within the valid range of 1 - 9,999,999."),
            Map.entry(28, "A G-code command was sent, but is missing some required P or L value words in the line."),
            Map.entry(29, "Grbl supports six work coordinate systems G54-G59. G59.1, G59.2, and G59.3 are not supported."),
            Map.entry(30, "The G53 G-code command requires either a G0 seek or G1 feed motion mode to be active. A different motion was active."),
            Map.entry(31, "There are unused axis words in the block and G80 motion mode cancel is active."),
            Map.entry(32, "A G2 or G3 arc was commanded but there are no XYZ axis words in the selected plane to trace the arc."),
            Map.entry(33, "The motion command has an invalid target. G2, G3, and G38.2 generates this error, if the arc is impossible to generate or if the probe target is the current position."),
            Map.entry(34, "A G2 or G3 arc, traced with the radius definition, had a mathematical error when computing the arc geometry. Try either breaking up the arc into semi-circles or quadrants, or redefine them with the arc offset definition."),
            Map.entry(35, "A G2 or G3 arc, traced with the offset definition, is missing the IJK offset word in the selected plane to trace the arc."),
            Map.entry(36, "There are unused, leftover G-code words that aren't used by any command in the block."),
            Map.entry(37, "The G43.1 dynamic tool length offset command cannot apply an offset to an axis other than its configured axis. The Grbl default axis is the Z-axis."),
            Map.entry(38, "Tool number greater than max supported value."));

    static final Map<Integer, String> ALARMS = Map.of(
            1, "Hard limit triggered. Machine position is likely lost due to sudden and immediate halt. Re-homing is highly recommended.",
            2, "G-code motion target exceeds machine travel. Machine position safely retained. Alarm may be unlocked.",
            3, "Reset while in motion. Grbl cannot guarantee position. Lost steps are likely. Re-homing is highly recommended.",
            4, "Probe fail. The probe is not in the expected initial state before starting probe cycle, where G38.2 and G38.3 is not triggered and G38.4 and G38.5 is triggered.",
            5, "Probe fail. Probe did not contact the workpiece within the programmed travel for G38.2 and G38.4.",
            6, "Homing fail. Reset during active homing cycle.",
            7, "Homing fail. Safety door was opened during active homing cycle.",
            8, "Homing fail. Cycle failed to clear limit switch when pulling off. Try increasing pull-off setting or check wiring.",
            9, "Homing fail. Could not find limit switch within search distance. Defined as 1.5 * max_travel on search and 0.5 * max_travel on locate phases.");

    /** A few words for an alarm, for the first line of a message. */
    static String alarmName(int code) {
        return switch (code) {
            case 0 -> "locked";
            case 1 -> "hard limit";
            case 2 -> "soft limit";
            case 3 -> "reset while in motion";
            case 4, 5 -> "probe fail";
            case 6, 7, 8, 9 -> "homing fail";
            case 10 -> "e-stop";
            default -> "alarm";
        };
    }

    static String error(int code) {
        return ERRORS.getOrDefault(code, "unknown error code");
    }

    static String alarm(int code) {
        if (code == 0) return "locked after a reset or at power-up: position unknown; home ($H) or, if you know it is right, unlock ($X)";
        return ALARMS.getOrDefault(code, "unknown alarm code");
    }
}
