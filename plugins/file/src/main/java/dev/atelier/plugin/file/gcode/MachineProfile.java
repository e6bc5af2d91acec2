package dev.atelier.plugin.file.gcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the G-code writer needs to know about a machine: its work area, feed, acceleration, the
 * junction deviation of its planner, the smallest step it can make and the backlash of each axis.
 */
public record MachineProfile(String name, double widthMm, double heightMm, double feed, double acceleration,
                      double junctionDeviation, double resolution, double backlashX, double backlashY) {
    /** Built-in profiles, by name. */
    public static final Map<String, MachineProfile> BUILT_IN;

    static {
        Map<String, MachineProfile> m = new LinkedHashMap<>();
        // A motorised Etch-a-Sketch: the screen is about 150 x 100 mm; the knobs have noticeable slack.
        m.put("etch-a-sketch", new MachineProfile("etch-a-sketch", 150, 100, 1500, 100, 0.01, 0.01, 0.4, 0.4));
        // A plain GRBL plotter with GRBL's default planner settings and no backlash.
        m.put("grbl-plotter", new MachineProfile("grbl-plotter", 300, 200, 3000, 250, 0.01, 0.01, 0, 0));
        BUILT_IN = java.util.Collections.unmodifiableMap(m);
    }

    public static final List<String> KEYS = List.of("name", "width.mm", "height.mm", "feed", "acceleration", "junction.deviation", "resolution",
            "backlash.x", "backlash.y");

    /** Decimals that the resolution calls for: 0.01 mm gives 2. */
    public int decimals() {
        return Math.max(0, (int) Math.ceil(-Math.log10(resolution) - 1e-9));
    }

    /** A built-in name, or a profile file (when the value contains '/' or '.'), relative to base. */
    public static MachineProfile of(String value, Path base) throws IOException {
        if (value.contains("/") || value.contains(".")) return read(base.resolve(value));
        MachineProfile p = BUILT_IN.get(value);
        if (p == null) {
            throw new IllegalArgumentException("parameter machine: no machine named '" + value + "'; built in: "
                    + String.join(", ", BUILT_IN.keySet()) + ", or a profile file (key: value lines with " + String.join(", ", KEYS) + ")");
        }
        return p;
    }

    /**
     * A profile file: {@code key: value} (or {@code key = value}) lines, {@code #} comments. Keys it
     * leaves out come from the etch-a-sketch profile. A bad line is an error naming file and line.
     */
    public static MachineProfile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("machine profile " + file + " does not exist");
        MachineProfile base = BUILT_IN.get("etch-a-sketch");
        Map<String, Double> v = new LinkedHashMap<>();
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (Files.size(file) > 1 << 20) throw new IOException("machine profile " + file + " is over 1 MiB; a profile is a few lines");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("machine profile " + file + " is not a text file in UTF-8 (a profile has key: value lines)");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) continue;
            String where = file.getFileName() + ":" + (i + 1) + ": ";
            int sep = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
            // the file's own text is never quoted: a path given by mistake (/etc/shadow) must not be echoed into a log
            if (sep < 0) throw new IOException(where + "not a 'key: value' line; a profile has key: value lines with " + String.join(", ", KEYS));
            String key = line.substring(0, sep).trim().toLowerCase(Locale.ROOT), val = line.substring(sep + 1).trim();
            if (!KEYS.contains(key)) throw new IOException(where + "not a known key; the keys are " + String.join(", ", KEYS));
            if (key.equals("name")) { name = val; continue; }
            try {
                double d = Double.parseDouble(val);
                boolean zeroOk = key.startsWith("backlash") || key.equals("junction.deviation");
                if (!(zeroOk ? d >= 0 : d > 0) || !Double.isFinite(d)) throw new NumberFormatException();
                v.put(key, d);
            } catch (NumberFormatException e) {
                throw new IOException(where + key + " must be a " + (key.startsWith("backlash") ? "number >= 0" : "positive number"));
            }
        }
        return new MachineProfile(name, v.getOrDefault("width.mm", base.widthMm), v.getOrDefault("height.mm", base.heightMm),
                v.getOrDefault("feed", base.feed), v.getOrDefault("acceleration", base.acceleration),
                v.getOrDefault("junction.deviation", base.junctionDeviation), v.getOrDefault("resolution", base.resolution),
                v.getOrDefault("backlash.x", base.backlashX), v.getOrDefault("backlash.y", base.backlashY));
    }
}
