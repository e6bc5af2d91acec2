package dev.atelier.studio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Photos sent from the page, kept in the home's {@code inputs/} folder, where previews and runs find them as
 * they find the samples. A name is reduced to a plain file name; a file that is not an image Java can read is
 * refused before it lands there; a name taken by a different file gets a number.
 */
final class Uploads {
    static final long MAX_BYTES = 100L * 1024 * 1024;

    private Uploads() { }

    /** @return the stored file */
    static Path save(Path inputs, String name, InputStream body, long declaredLength, double maxMegapixels) throws IOException, Previews.Failure {
        // the last part of whatever path the browser sent, in plain characters (no separators, NUL or control codes)
        String clean = name == null ? "" : name.replace('\\', '/').replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._ -]", "_").trim();
        if (clean.isEmpty() || clean.startsWith(".") || !dev.atelier.core.ImageFiles.isImage(clean)) {
            throw new Previews.Failure(415, "'" + name + "': send a photo named ." + String.join(", .", dev.atelier.core.ImageFiles.EXTENSIONS));
        }
        if (declaredLength > MAX_BYTES) throw new Previews.Failure(413, "'" + name + "' is over " + MAX_BYTES / 1024 / 1024 + " MB");
        Files.createDirectories(inputs);
        Path temp = Files.createTempFile(inputs, ".upload-", ".part");
        try {
            try (InputStream in = body) {
                long n = Files.copy(new LimitedStream(in, MAX_BYTES + 1), temp, StandardCopyOption.REPLACE_EXISTING);
                if (n > MAX_BYTES) throw new Previews.Failure(413, "'" + name + "' is over " + MAX_BYTES / 1024 / 1024 + " MB");
                if (n == 0) throw new Previews.Failure(400, "'" + name + "' is empty");
            }
            int[] size = size(temp);
            if (size == null) throw new Previews.Failure(415, "'" + name + "' is not an image Java can read (JPEG, PNG, BMP, GIF, TIFF)");
            Previews.refuseOverLimit("'" + name + "'", size[0], size[1], maxMegapixels);
            Path target = inputs.resolve(clean);
            for (int i = 1; Files.exists(target); i++) {
                if (Files.mismatch(target, temp) == -1) return target; // the same photo again
                int dot = clean.lastIndexOf('.');
                target = inputs.resolve(clean.substring(0, dot) + "-" + i + clean.substring(dot));
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {width, height} from the header, or null when no reader takes the file. */
    private static int[] size(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                int w = r.getWidth(0), h = r.getHeight(0);
                return w > 0 && h > 0 ? new int[] {w, h} : null;
            } catch (IOException | RuntimeException e) {
                return null;
            } finally {
                r.dispose();
            }
        }
    }

    /** Reads at most {@code limit} bytes, so a huge body stops at the limit instead of filling the disk. */
    private static final class LimitedStream extends java.io.FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            left = limit;
        }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }
}
