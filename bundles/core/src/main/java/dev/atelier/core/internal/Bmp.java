package dev.atelier.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two BMP layouts read here without Image I/O: uncompressed 24-bit and 8-bit with a colour table (BI_RGB),
 * what the file output, ImageIO and most tools write. The Studio decodes its reduced preview copy (a BMP) at every
 * knob turn, and Image I/O's BMP reader took 40-60 ms for a megapixel where this takes a few. Anything else
 * (1/4-bit, 32-bit, RLE, bit fields, a short file) is left to Image I/O, which also gives the error messages.
 */
final class Bmp {
    /** The pixels, 0xRRGGBB row by row from the top, with the size. */
    record Pixels(int width, int height, int[] rgb) { }

    private Bmp() { }

    /** The pixels of an uncompressed 24-bit or 8-bit BMP, or null when the file is another kind (then Image I/O reads it). */
    static Pixels read(Path file, double maxMegapixels) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 54) return null;
            ByteBuffer head = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && ch.read(head) >= 0) { }
            head.flip();
            if (head.remaining() < 54 || head.get(0) != 'B' || head.get(1) != 'M') return null;
            long offset = head.getInt(10) & 0xFFFFFFFFL;
            int infoSize = head.getInt(14), width = head.getInt(18), height = head.getInt(22);
            int planes = head.getShort(26), bits = head.getShort(28), compression = head.getInt(30);
            if (infoSize < 40 || planes != 1 || (bits != 24 && bits != 8) || compression != 0 || width <= 0 || height == 0 || height == Integer.MIN_VALUE) return null;
            boolean topDown = height < 0;
            int h = Math.abs(height);
            if ((double) width * h / 1e6 > maxMegapixels) return null; // Image I/O's path refuses it with the usual message
            int bytesPerPixel = bits / 8;
            long stride = ((long) width * bytesPerPixel + 3) & ~3L;
            if (offset < 54 || offset + stride * h > size) return null;
            int[] table = null;
            if (bits == 8) {
                int colours = head.getInt(46) == 0 ? 256 : head.getInt(46);
                long tableAt = 14L + infoSize;
                if (colours < 1 || colours > 256 || tableAt + 4L * colours > offset) return null;
                ByteBuffer entries = ByteBuffer.allocate(4 * colours);
                while (entries.hasRemaining()) if (ch.read(entries, tableAt + entries.position()) < 0) return null;
                byte[] e = entries.array();
                table = new int[colours];
                for (int i = 0; i < colours; i++) table[i] = (e[4 * i + 2] & 0xFF) << 16 | (e[4 * i + 1] & 0xFF) << 8 | (e[4 * i] & 0xFF);
            }
            int[] rgb = new int[width * h];
            ByteBuffer rows = ByteBuffer.allocate((int) Math.min(stride * h, 1L << 24));
            int rowsPerRead = (int) (rows.capacity() / stride);
            long position = offset;
            for (int done = 0; done < h; ) {
                int n = Math.min(rowsPerRead, h - done);
                rows.clear().limit((int) (stride * n));
                while (rows.hasRemaining()) {
                    int r = ch.read(rows, position + rows.position());
                    if (r < 0) return null;
                }
                byte[] a = rows.array();
                for (int i = 0; i < n; i++) {
                    int fileRow = done + i, y = topDown ? fileRow : h - 1 - fileRow;
                    int src = (int) (i * stride), dst = y * width;
                    if (table != null) {
                        for (int x = 0; x < width; x++, src++) {
                            int k = a[src] & 0xFF;
                            if (k >= table.length) return null; // an index past the table: Image I/O says what is wrong
                            rgb[dst + x] = table[k];
                        }
                    } else {
                        for (int x = 0; x < width; x++, src += 3) {
                            rgb[dst + x] = (a[src + 2] & 0xFF) << 16 | (a[src + 1] & 0xFF) << 8 | (a[src] & 0xFF);
                        }
                    }
                }
                position += stride * n;
                done += n;
            }
            return new Pixels(width, h, rgb);
        }
    }
}
