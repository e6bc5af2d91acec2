package dev.atelier.plugin.dither.api;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A square tile of thresholds in [0,1), each rank used once, repeated over the image by ordered
 * dithering: Bayer's recursive matrices (a regular cross-hatch) or blue noise from Ulichney's
 * void-and-cluster method (no pattern, no low frequencies).
 */
public final class ThresholdMatrix {
    private static final Map<Integer, ThresholdMatrix> BLUE_NOISE = new ConcurrentHashMap<>();

    private final String name;
    private final int size;
    private final float[] thresholds;

    private ThresholdMatrix(String name, int size, int[] ranks) {
        this.name = name;
        this.size = size;
        thresholds = new float[ranks.length];
        for (int i = 0; i < ranks.length; i++) thresholds[i] = (ranks[i] + 0.5f) / ranks.length;
    }

    public String name() { return name; }
    public int size() { return size; }

    /** The threshold for pixel (x, y), the tile repeating in both directions. */
    public float threshold(int x, int y) {
        return thresholds[Math.floorMod(y, size) * size + Math.floorMod(x, size)];
    }

    /** Bayer's matrix of side 2, 4, 8 or 16. */
    public static ThresholdMatrix bayer(int size) {
        if (size != 2 && size != 4 && size != 8 && size != 16) throw new IllegalArgumentException("Bayer matrices are 2, 4, 8 or 16 wide, not " + size);
        int[] m = {0};
        for (int n = 1; n < size; n *= 2) {
            int[] next = new int[4 * n * n];
            for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
                int v = 4 * m[y * n + x];
                next[y * 2 * n + x] = v;
                next[y * 2 * n + x + n] = v + 2;
                next[(y + n) * 2 * n + x] = v + 3;
                next[(y + n) * 2 * n + x + n] = v + 1;
            }
            m = next;
        }
        return new ThresholdMatrix("bayer" + size, size, m);
    }

    /**
     * A blue-noise matrix of the given side, made by void-and-cluster (Ulichney 1993) with a Gaussian
     * of sigma 1.5 on the torus and a fixed seed, so every run gets the same matrix. Made once per
     * size and kept: 64 x 64 takes about 0.1 s.
     */
    public static ThresholdMatrix blueNoise(int size) {
        if (size < 4 || size > 128) throw new IllegalArgumentException("blue-noise matrices are 4..128 wide, not " + size);
        return BLUE_NOISE.computeIfAbsent(size, s -> new ThresholdMatrix("blue-noise", s, voidAndCluster(s, 1.5, 1)));
    }

    static int[] voidAndCluster(int size, double sigma, long seed) {
        int n = size * size;
        double[] gauss = new double[n]; // by toroidal offset
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
            int dx = Math.min(x, size - x), dy = Math.min(y, size - y);
            gauss[y * size + x] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }
        boolean[] on = new boolean[n];
        double[] energy = new double[n];
        Random random = new Random(seed);
        int ones = Math.max(1, n / 10);
        for (int placed = 0; placed < ones; ) {
            int p = random.nextInt(n);
            if (!on[p]) { toggle(on, energy, gauss, size, p); placed++; }
        }
        // phase 0: move the tightest cluster into the largest void until that changes nothing
        for (int guard = 0; guard < 10 * n; guard++) {
            int cluster = extreme(on, energy, true);
            toggle(on, energy, gauss, size, cluster);
            int hole = extreme(on, energy, false);
            if (hole == cluster) { toggle(on, energy, gauss, size, cluster); break; }
            toggle(on, energy, gauss, size, hole);
        }
        int[] rank = new int[n];
        boolean[] prototype = on.clone();
        double[] prototypeEnergy = energy.clone();
        // phase 1: take out the tightest clusters one by one; they rank below the prototype's count
        for (int r = ones - 1; r >= 0; r--) {
            int cluster = extreme(on, energy, true);
            toggle(on, energy, gauss, size, cluster);
            rank[cluster] = r;
        }
        // phases 2 and 3: from the prototype, fill the largest voids (on a torus the tightest cluster
        // of zeros is the largest void of ones, so one rule serves both halves)
        on = prototype;
        energy = prototypeEnergy;
        for (int r = ones; r < n; r++) {
            int hole = extreme(on, energy, false);
            toggle(on, energy, gauss, size, hole);
            rank[hole] = r;
        }
        return rank;
    }

    private static void toggle(boolean[] on, double[] energy, double[] gauss, int size, int p) {
        on[p] = !on[p];
        double sign = on[p] ? 1 : -1;
        int px = p % size, py = p / size;
        for (int y = 0; y < size; y++) {
            int row = Math.floorMod(y - py, size) * size;
            for (int x = 0; x < size; x++) energy[y * size + x] += sign * gauss[row + Math.floorMod(x - px, size)];
        }
    }

    /** The set pixel of highest energy (tightest cluster) or the unset pixel of lowest (largest void). */
    private static int extreme(boolean[] on, double[] energy, boolean cluster) {
        int best = -1;
        for (int i = 0; i < on.length; i++) {
            if (on[i] != cluster) continue;
            if (best < 0 || (cluster ? energy[i] > energy[best] : energy[i] < energy[best])) best = i;
        }
        return best;
    }
}
