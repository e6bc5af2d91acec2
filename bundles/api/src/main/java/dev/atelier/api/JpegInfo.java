package dev.atelier.api;

import java.util.List;

/**
 * What a JPEG file's header says about its compression, which deblocking needs.
 *
 * @param quantTables the quantisation tables in the order of the file (table 0 is usually luma),
 *                    each 64 values in natural (row-major) order, not zig-zag
 * @param componentTables for each colour component (Y, Cb, Cr), the index into {@code quantTables}
 * @param quality the IJG quality (1..100) whose scaled standard luma table is closest to table 0
 * @param subsampling chroma subsampling as "4:4:4", "4:2:2", "4:2:0" or "other"; "grey" for a 1-component (greyscale) JPEG
 */
public record JpegInfo(List<int[]> quantTables, int[] componentTables, int quality, String subsampling) {
    public JpegInfo {
        quantTables = List.copyOf(quantTables);
        for (int[] t : quantTables) {
            if (t.length != 64) throw new IllegalArgumentException("a quantisation table has 64 entries, not " + t.length);
        }
    }
}
