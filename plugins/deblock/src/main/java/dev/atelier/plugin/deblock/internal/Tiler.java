package dev.atelier.plugin.deblock.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fully convolutional network over an image in tiles, so memory stays bounded: each tile is read
 * with a margin at least the network's reach, and the margin's output is dropped. The network is a stack
 * of stride-1 convolutions, so a pixel's output depends only on the pixels within its reach (12 for the
 * bundled network), wherever the tile around it starts: with a margin at least the receptive field's
 * radius, the result is the whole-image pass's (tests check it, for a margin that is not a multiple of 8
 * too). The kept part of each tile starts on the 8 x 8 grid all the same. Tiles are independent, so
 * several run at once, one per worker.
 */
final class Tiler {
    interface Pass {
        float[] correction(float[] rgb, int h, int w);
    }

    private Tiler() { }

    /** Corrected packed RGB, one tile at a time. */
    static int[] run(int[] rgb, int width, int height, int tile, int margin, Pass net) {
        return run(rgb, width, height, tile, margin, 1, net);
    }

    /** Corrected packed RGB, {@code workers} tiles at a time ({@code net} must allow calls from several threads). */
    static int[] run(int[] rgb, int width, int height, int tile, int margin, int workers, Pass net) {
        int step = Math.max(8, tile / 8 * 8), pad = Math.max(0, margin);
        int[] out = new int[rgb.length];
        List<int[]> origins = new ArrayList<>();
        for (int ty = 0; ty < height; ty += step) for (int tx = 0; tx < width; tx += step) origins.add(new int[] {tx, ty});
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < origins.size() && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    tile(rgb, width, height, origins.get(i)[0], origins.get(i)[1], step, pad, net, out);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            }
        };
        int n = Math.max(1, Math.min(workers, origins.size()));
        List<Thread> threads = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            Thread t = new Thread(work, "deblock-tile-" + k);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        work.run();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("interrupted while deblocking"));
                next.set(origins.size());
            }
        }
        if (failure.get() != null) throw failure.get();
        return out;
    }

    private static void tile(int[] rgb, int width, int height, int tx, int ty, int tile, int margin, Pass net, int[] out) {
        int x0 = Math.max(0, tx - margin), y0 = Math.max(0, ty - margin);
        int x1 = Math.min(width, tx + tile + margin), y1 = Math.min(height, ty + tile + margin);
        int w = x1 - x0, h = y1 - y0;
        float[] in = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[(y0 + y) * width + x0 + x], i = y * w + x;
                in[i] = (p >> 16 & 0xFF) / 255f;
                in[w * h + i] = (p >> 8 & 0xFF) / 255f;
                in[2 * w * h + i] = (p & 0xFF) / 255f;
            }
        }
        float[] c = net.correction(in, h, w);
        for (int y = ty; y < Math.min(height, ty + tile); y++) {
            for (int x = tx; x < Math.min(width, tx + tile); x++) {
                int i = (y - y0) * w + (x - x0);
                out[y * width + x] = channel(in[i] + c[i]) << 16 | channel(in[w * h + i] + c[w * h + i]) << 8
                        | channel(in[2 * w * h + i] + c[2 * w * h + i]);
            }
        }
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
