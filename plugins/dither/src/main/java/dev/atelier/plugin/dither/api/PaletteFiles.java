package dev.atelier.plugin.dither.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Reads palettes people make elsewhere: GIMP palettes ({@code .gpl}), plain lists of hex colours (one a
 * line, {@code #RRGGBB} or {@code RRGGBB}, optionally followed by a name), and images whose distinct
 * colours are the palette (PNG, GIF, BMP; at most 256 colours). A line that is not a colour is an error
 * that names the file and the line.
 */
public final class PaletteFiles {
    private static final Pattern GPL_COLOUR = Pattern.compile("\\s*(\\d{1,3})\\s+(\\d{1,3})\\s+(\\d{1,3})(?:\\s+(.*))?");
    private static final Pattern HEX_COLOUR = Pattern.compile("\\s*#?([0-9a-fA-F]{6})(?:\\s+(.*))?\\s*");

    /** A palette of 256 named colours is a few kilobytes. */
    static final long MAX_BYTES = 1 << 20;

    private PaletteFiles() { }

    public static Palette read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such palette file");
        if (Files.size(file) > MAX_BYTES) throw new IOException(file + ": " + Files.size(file) + " bytes is too large for a palette file (at most " + MAX_BYTES + ")");
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (lower.endsWith(".png") || lower.endsWith(".gif") || lower.endsWith(".bmp")) return fromImage(file, base);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not a palette: neither text in UTF-8 nor a PNG, GIF or BMP image");
        }
        boolean gpl = !lines.isEmpty() && lines.get(0).trim().equals("GIMP Palette");
        List<Integer> colours = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = gpl ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.trim();
            // '# text' is a comment; '#' then a hex digit is meant as a colour, so a typo there is an error, not skipped
            boolean comment = t.startsWith("#") && (t.length() == 1 || Character.digit(t.charAt(1), 16) < 0);
            if (t.isEmpty() || t.startsWith("//") || t.startsWith(";") || comment) continue;
            if (gpl && (t.startsWith("Name:") || t.startsWith("Columns:"))) continue;
            int rgb;
            String colourName;
            if (gpl) {
                Matcher m = GPL_COLOUR.matcher(line);
                if (!m.matches()) throw error(file, i, line, "expected 'R G B [name]' with R, G, B in 0..255");
                int r = Integer.parseInt(m.group(1)), g = Integer.parseInt(m.group(2)), b = Integer.parseInt(m.group(3));
                if (r > 255 || g > 255 || b > 255) throw error(file, i, line, "R, G and B go from 0 to 255");
                rgb = r << 16 | g << 8 | b;
                colourName = m.group(4);
            } else {
                Matcher m = HEX_COLOUR.matcher(line);
                if (!m.matches()) throw error(file, i, line, "expected a colour such as #ff8800 (optionally followed by a name)");
                rgb = Integer.parseInt(m.group(1), 16);
                colourName = m.group(2);
            }
            if (colours.contains(rgb)) throw error(file, i, line, "#" + Palette.hex(rgb) + " is already listed");
            colours.add(rgb);
            names.add(colourName == null || colourName.isBlank() ? "#" + Palette.hex(rgb) : colourName.trim());
        }
        if (colours.size() < 2) {
            throw new IOException(file + ": holds " + colours.size() + " colour(s); a palette needs at least 2");
        }
        return new Palette(base, colours.stream().mapToInt(Integer::intValue).toArray(), names);
    }

    private static IOException error(Path file, int index, String line, String what) {
        // the line itself is not quoted: a path given by mistake (/etc/shadow) must not be echoed into a log
        return new IOException(file + ":" + (index + 1) + ": not a colour: " + what);
    }

    private static Palette fromImage(Path file, String base) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException(file + ": not an image that can be read as a palette");
        Set<Integer> colours = new LinkedHashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(img.getRGB(x, y) & 0xFFFFFF);
                if (colours.size() > 256) {
                    throw new IOException(file + ": has more than 256 colours; a palette image holds one swatch per colour");
                }
            }
        }
        if (colours.size() < 2) throw new IOException(file + ": has " + colours.size() + " colour; a palette needs at least 2");
        return Palette.of(base, colours.stream().mapToInt(Integer::intValue).toArray());
    }
}
