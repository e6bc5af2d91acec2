package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The training patches: the 8 views of one patch are its flips and transpositions, input and target alike. */
class TrainingPatchesTest {
    private static final int P = Trainer.PATCH, PLANE = P * P;

    private static Trainer.Pair pair() {
        Random rnd = new Random(7);
        int w = 96, h = 80;
        int[] original = new int[w * h], decoded = new int[w * h];
        for (int i = 0; i < original.length; i++) {
            original[i] = rnd.nextInt(1 << 24);
            decoded[i] = rnd.nextInt(1 << 24);
        }
        return new Trainer.Pair(original, decoded, w, h, 10, 1.25f);
    }

    @Test void eachViewIsTheFirstFlippedOrTransposed() {
        Trainer.Pair pair = pair();
        int in = Trainer.WIDTHS[0];
        float[] x0 = new float[in * PLANE], y0 = new float[3 * PLANE];
        pair.patch(16, 24, 0, x0, y0, 0);
        Set<String> distinct = new HashSet<>();
        for (int view = 0; view < 8; view++) {
            float[] x = new float[in * PLANE], y = new float[3 * PLANE];
            pair.patch(16, 24, view, x, y, 0);
            distinct.add(Arrays.toString(x));
            for (int j = 0; j < P; j++) {
                for (int i = 0; i < P; i++) {
                    int si = (view & 4) != 0 ? j : i, sj = (view & 4) != 0 ? i : j;
                    if ((view & 1) != 0) si = P - 1 - si;
                    if ((view & 2) != 0) sj = P - 1 - sj;
                    for (int c = 0; c < 3; c++) {
                        assertEquals(x0[c * PLANE + sj * P + si], x[c * PLANE + j * P + i], 0, "view " + view + " input");
                        assertEquals(y0[c * PLANE + sj * P + si], y[c * PLANE + j * P + i], 0, "view " + view + " target");
                    }
                    if (in == 4) assertEquals(1.25f, x[3 * PLANE + j * P + i], 0, "the quantisation plane is the same everywhere");
                }
            }
        }
        assertEquals(8, distinct.size(), "8 different views");
    }

    @Test void theTargetIsTheOriginalLessTheDecoded() {
        Trainer.Pair pair = pair();
        float[] x = new float[Trainer.WIDTHS[0] * PLANE * 2], y = new float[3 * PLANE * 2];
        pair.patch(8, 0, 5, x, y, 1); // the second patch of a batch
        // view 5: mirrored and transposed, so the patch's first pixel is the source's (47, 0)
        int src = 0 * 96 + 8 + 47;
        int o = pair.original()[src], d = pair.decoded()[src];
        for (int c = 0; c < 3; c++) {
            float dv = (d >> (16 - 8 * c) & 0xFF) / 255f, ov = (o >> (16 - 8 * c) & 0xFF) / 255f;
            assertEquals(dv, x[Trainer.WIDTHS[0] * PLANE + c * PLANE], 0);
            assertEquals(ov - dv, y[3 * PLANE + c * PLANE], 0);
        }
        assertNotEquals(0f, y[3 * PLANE], "a patch of random pixels has some error");
    }
}
