package dev.atelier.plugin.dither.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reference pairs from Sharma, Wu and Dalal (2005), Table 1, which tests the tricky hue cases. */
class Ciede2000Test {
    @Test void matchesThePublishedReferencePairs() {
        double[][] pairs = {
            {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
            {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
            {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
            {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
            {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
            {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
            {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
            {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
        };
        for (double[] p : pairs) {
            assertEquals(p[6], Ciede2000.delta(p[0], p[1], p[2], p[3], p[4], p[5]), 1e-4);
            assertEquals(p[6], Ciede2000.delta(p[3], p[4], p[5], p[0], p[1], p[2]), 1e-4, "symmetric");
        }
    }
}
