package dev.atelier.plugin.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Uncompressed BMP (BI_RGB, bottom-up) written straight from the raster's pixels: the Studio's previews are BMPs,
 * and Image I/O took 20-40 ms a megapixel for what is a copy of bytes. An image of 256 colours or fewer (a
 * dithered one) is written with a colour table and a byte a pixel, as Image I/O writes an indexed image: a third
 * of the bytes to write, send and decode. Anything else is 24-bit, the layout Image I/O writes for an RGB image.
 */
final class BmpWriter {
    private BmpWriter() { }

    static void write(int width, int height, int[] rgb, OutputStream out) throws IOException {
        Indexed indexed = Indexed.of(rgb);
        if (indexed != null) write8(width, height, indexed, out);
        else write24(width, height, rgb, out);
    }

    /** Up to 256 colours in first-seen order and each pixel's index among them. */
    record Indexed(int[] colours, byte[] index) {
        /**
         * The pixels as indices, or null when they have more than 256 colours. Two passes, so that a photo (which
         * has its 257th colour within a few rows) costs no index array the size of the image.
         */
        static Indexed of(int[] rgb) {
            // open addressing over 1024 slots, keys offset by one so 0 means empty
            int[] keys = new int[1024];
            byte[] slotIndex = new byte[1024];
            int[] colours = new int[256];
            int n = 0, last = -1;
            for (int v : rgb) {
                int p = v & 0xFFFFFF;
                if (p == last) continue;
                last = p;
                int slot = slot(keys, p);
                if (keys[slot] == 0) {
                    if (n == 256) return null;
                    keys[slot] = p + 1;
                    slotIndex[slot] = (byte) n;
                    colours[n++] = p;
                }
            }
            byte[] index = new byte[rgb.length];
            last = -1;
            byte lastIndex = 0;
            for (int i = 0; i < rgb.length; i++) {
                int p = rgb[i] & 0xFFFFFF;
                if (p != last) {
                    last = p;
                    lastIndex = slotIndex[slot(keys, p)];
                }
                index[i] = lastIndex;
            }
            return new Indexed(java.util.Arrays.copyOf(colours, n), index);
        }

        /** The slot holding {@code p}, or the empty one where it would go. */
        private static int slot(int[] keys, int p) {
            int slot = (p * 0x9E3779B1) >>> 22;
            while (keys[slot] != 0 && keys[slot] != p + 1) slot = (slot + 1) & 1023;
            return slot;
        }
    }

    private static ByteBuffer header(int width, int height, int bits, int colours, long imageSize) throws IOException {
        long offset = 54L + 4L * colours;
        if (imageSize + offset > Integer.MAX_VALUE) throw new IOException(width + " x " + height + " is too large for a BMP file (4 GB); write PNG or TIFF");
        ByteBuffer head = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 'B').put((byte) 'M').putInt((int) (offset + imageSize)).putInt(0).putInt((int) offset);
        head.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bits).putInt(0).putInt((int) imageSize)
                .putInt(0).putInt(0).putInt(colours).putInt(colours); // no resolution: as Image I/O writes
        return head;
    }

    static void write8(int width, int height, Indexed indexed, OutputStream out) throws IOException {
        int stride = (width + 3) & ~3;
        ByteBuffer head = header(width, height, 8, indexed.colours().length, (long) stride * height);
        for (int c : indexed.colours()) head.put((byte) c).put((byte) (c >> 8)).put((byte) (c >> 16)).put((byte) 0);
        out.write(head.array());
        byte[] index = indexed.index();
        if (stride == width) { // rows as they are, bottom first
            for (int y = height - 1; y >= 0; y--) out.write(index, y * width, width);
            return;
        }
        byte[] row = new byte[stride];
        for (int y = height - 1; y >= 0; y--) {
            System.arraycopy(index, y * width, row, 0, width);
            out.write(row);
        }
    }

    static void write24(int width, int height, int[] rgb, OutputStream out) throws IOException {
        int stride = (width * 3 + 3) & ~3;
        out.write(header(width, height, 24, 0, (long) stride * height).array());
        int rowsPerChunk = Math.max(1, (1 << 20) / stride);
        byte[] chunk = new byte[stride * Math.min(rowsPerChunk, height)];
        for (int y = height - 1; y >= 0; ) {
            int n = Math.min(rowsPerChunk, y + 1);
            for (int i = 0; i < n; i++, y--) {
                int dst = i * stride, src = y * width;
                for (int x = 0; x < width; x++) {
                    int p = rgb[src + x];
                    chunk[dst++] = (byte) p;
                    chunk[dst++] = (byte) (p >> 8);
                    chunk[dst++] = (byte) (p >> 16);
                }
                for (int pad = width * 3; pad < stride; pad++) chunk[i * stride + pad] = 0;
            }
            out.write(chunk, 0, n * stride);
        }
    }
}
