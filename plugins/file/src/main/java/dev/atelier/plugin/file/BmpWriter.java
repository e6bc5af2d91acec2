package dev.atelier.plugin.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Uncompressed 24-bit BMP (BI_RGB, bottom-up), the layout Image I/O writes for an RGB image, written straight
 * from the raster's pixels: the Studio's previews are BMPs, and Image I/O took 20-40 ms a megapixel for what is a
 * copy of bytes.
 */
final class BmpWriter {
    private BmpWriter() { }

    static void write(int width, int height, int[] rgb, OutputStream out) throws IOException {
        int stride = (width * 3 + 3) & ~3;
        long imageSize = (long) stride * height;
        if (imageSize + 54 > Integer.MAX_VALUE) throw new IOException(width + " x " + height + " is too large for a BMP file (4 GB); write PNG or TIFF");
        ByteBuffer head = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 'B').put((byte) 'M').putInt((int) (54 + imageSize)).putInt(0).putInt(54);
        head.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt((int) imageSize)
                .putInt(0).putInt(0).putInt(0).putInt(0); // no resolution, no palette: as Image I/O writes
        out.write(head.array());
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
