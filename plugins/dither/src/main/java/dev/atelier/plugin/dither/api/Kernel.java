package dev.atelier.plugin.dither.api;

/**
 * Error diffusion kernels as published: each entry is (dx, dy, weight), the error share sent to the
 * pixel dx to the right and dy rows below, over {@link #divisor()}. All but Atkinson pass on the
 * whole error; Atkinson passes on 6/8 and drops the rest, which keeps highlights and shadows clean.
 */
public enum Kernel {
    FLOYD_STEINBERG(16, new int[][] {{1, 0, 7}, {-1, 1, 3}, {0, 1, 5}, {1, 1, 1}}),
    JARVIS_JUDICE_NINKE(48, new int[][] {{1, 0, 7}, {2, 0, 5}, {-2, 1, 3}, {-1, 1, 5}, {0, 1, 7}, {1, 1, 5}, {2, 1, 3},
        {-2, 2, 1}, {-1, 2, 3}, {0, 2, 5}, {1, 2, 3}, {2, 2, 1}}),
    STUCKI(42, new int[][] {{1, 0, 8}, {2, 0, 4}, {-2, 1, 2}, {-1, 1, 4}, {0, 1, 8}, {1, 1, 4}, {2, 1, 2},
        {-2, 2, 1}, {-1, 2, 2}, {0, 2, 4}, {1, 2, 2}, {2, 2, 1}}),
    BURKES(32, new int[][] {{1, 0, 8}, {2, 0, 4}, {-2, 1, 2}, {-1, 1, 4}, {0, 1, 8}, {1, 1, 4}, {2, 1, 2}}),
    SIERRA3(32, new int[][] {{1, 0, 5}, {2, 0, 3}, {-2, 1, 2}, {-1, 1, 4}, {0, 1, 5}, {1, 1, 4}, {2, 1, 2},
        {-1, 2, 2}, {0, 2, 3}, {1, 2, 2}}),
    SIERRA2(16, new int[][] {{1, 0, 4}, {2, 0, 3}, {-2, 1, 1}, {-1, 1, 2}, {0, 1, 3}, {1, 1, 2}, {2, 1, 1}}),
    SIERRA_LITE(4, new int[][] {{1, 0, 2}, {-1, 1, 1}, {0, 1, 1}}),
    ATKINSON(8, new int[][] {{1, 0, 1}, {2, 0, 1}, {-1, 1, 1}, {0, 1, 1}, {1, 1, 1}, {0, 2, 1}});

    private final int divisor;
    private final int[][] taps;

    Kernel(int divisor, int[][] taps) {
        this.divisor = divisor;
        this.taps = taps;
    }

    public int divisor() { return divisor; }

    /** Copies of the (dx, dy, weight) entries. */
    public int[][] taps() {
        int[][] copy = new int[taps.length][];
        for (int i = 0; i < taps.length; i++) copy[i] = taps[i].clone();
        return copy;
    }

    /** Rows below the current one that the kernel reaches. */
    public int depth() {
        int d = 0;
        for (int[] t : taps) d = Math.max(d, t[1]);
        return d;
    }

    /** The descriptor name: floyd-steinberg, jarvis-judice-ninke, ... */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Kernel of(String id) {
        for (Kernel k : values()) if (k.id().equals(id)) return k;
        throw new IllegalArgumentException("no kernel '" + id + "'");
    }
}
