package dev.atelier.plugin.deblock.internal;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The network's forward pass as matrix products, for 3 x 3 "same" convolutions (dilated or not) with ReLU
 * or identity. An image of H x W pixels and C channels is a matrix of (H + 2d)(W + 2d) rows (zero border of
 * the dilation d) and C columns; for each of the 9 taps the rows that tap reads are one contiguous block of
 * that matrix, shifted by the tap's offset, so a layer is 9 products (rows x C_in) · (C_in x C_out) summed
 * in place by BLAS, with no im2col copy. The border columns of the output rows are computed and dropped.
 */
final class FastForward {
    private record Conv(INDArray[] taps, INDArray bias, int dilation, boolean relu, int in, int out) { }

    private final List<Conv> layers;

    private FastForward(List<Conv> layers) {
        this.layers = layers;
    }

    /** The fast pass for this network, or null when it has a layer of another kind. */
    static FastForward of(MultiLayerNetwork net) {
        List<Conv> convs = new ArrayList<>();
        for (Layer l : net.getLayers()) {
            if (!(l.conf().getLayer() instanceof ConvolutionLayer c)) {
                if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer loss
                        && loss.getActivationFn() instanceof ActivationIdentity) continue; // applies nothing at inference
                return null;
            }
            if (c.getKernelSize()[0] != 3 || c.getKernelSize()[1] != 3 || c.getConvolutionMode() != ConvolutionMode.Same
                    || c.getStride()[0] != 1 || c.getStride()[1] != 1 || c.getDilation()[0] != c.getDilation()[1]) return null;
            boolean relu = c.getActivationFn() instanceof ActivationReLU;
            if (!relu && !(c.getActivationFn() instanceof ActivationIdentity)) return null;
            INDArray w = l.getParam("W").castTo(DataType.FLOAT); // [out, in, 3, 3]
            INDArray b = c.hasBias() ? l.getParam("b").castTo(DataType.FLOAT).reshape(1, c.getNOut()) : Nd4j.zeros(DataType.FLOAT, 1, c.getNOut());
            convs.add(new Conv(taps(w), b, (int) c.getDilation()[0], relu, (int) c.getNIn(), (int) c.getNOut()));
        }
        return convs.isEmpty() ? null : new FastForward(convs);
    }

    /** Same contract as the network: planar RGB (3 x h x w) in, planar correction out. */
    float[] correction(float[] planar, int h, int w) {
        // one layout for every layer: rows of (w + 2D) pixels, D the largest dilation, with a zero border of D
        int dMax = 1;
        for (Conv l : layers) dMax = Math.max(dMax, l.dilation);
        int wp = w + 2 * dMax, hp = h + 2 * dMax;
        long first = (long) dMax * wp + dMax, rows = (long) (h - 1) * wp + w;
        int c0 = layers.get(0).in;
        float[] in = new float[hp * wp * c0];
        for (int c = 0; c < c0; c++) {
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) in[((y + dMax) * wp + x + dMax) * c0 + c] = planar[c * h * w + y * w + x];
        }
        INDArray x = Nd4j.create(in, new long[] {(long) hp * wp, c0}, 'c');
        // 1 on rows that are pixels, 0 on the border columns between image rows, which must stay zero
        float[] m = new float[(int) rows];
        for (int i = 0; i < rows; i++) m[i] = (first + i) % wp >= dMax && (first + i) % wp < dMax + w ? 1 : 0;
        INDArray mask = Nd4j.create(m, new long[] {rows, 1}, 'c');
        for (Conv l : layers) {
            INDArray next = layer(x, l.taps, l.bias, l.relu, l.dilation, wp, first, rows, (long) hp * wp, l.out, mask);
            x.close(); // ND4J's memory is outside the Java heap: freed now, not when the collector runs
            x = next;
        }
        mask.close();
        int co = layers.get(layers.size() - 1).out;
        float[] out = x.dup('c').data().asFloat();
        x.close();
        float[] res = new float[co * h * w];
        for (int c = 0; c < co; c++) {
            for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) res[c * h * w + y * w + xx] = out[((y + dMax) * wp + xx + dMax) * co + c];
        }
        return res;
    }

    /** The 9 tap matrices [in x out] of DL4J convolution weights [out, in, 3, 3]; DL4J correlates (no kernel flip). */
    static INDArray[] taps(INDArray w) {
        INDArray[] taps = new INDArray[9];
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                taps[ky * 3 + kx] = w.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(ky), NDArrayIndex.point(kx)).transpose().dup('c');
            }
        }
        return taps;
    }

    /** The rows tap {@code t} (ky * 3 + kx) reads for the output rows [first, first + rows): one contiguous block. */
    static INDArray shifted(INDArray m, int t, int dilation, int wp, long first, long rows) {
        long from = first + (long) (t / 3 - 1) * dilation * wp + (long) (t % 3 - 1) * dilation;
        return m.get(NDArrayIndex.interval(from, from + rows), NDArrayIndex.all());
    }

    /**
     * One layer: a new matrix of {@code allRows} x {@code out} whose rows [first, first + rows) are the 9
     * products summed, plus the bias, through ReLU if asked, and zeroed where {@code mask} is 0.
     */
    static INDArray layer(INDArray x, INDArray[] taps, INDArray bias, boolean relu, int dilation, int wp, long first, long rows, long allRows,
                          int out, INDArray mask) {
        INDArray next = Nd4j.zeros(DataType.FLOAT, allRows, out);
        INDArray acc = next.get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all());
        // one product per tap over all rows: blocks of rows kept in cache were slower (28-41 GFLOP/s against
        // 48-58 here), as was one product with the 9 taps side by side (K = 414: 17-29 GFLOP/s)
        for (int t = 0; t < 9; t++) Nd4j.gemm(shifted(x, t, dilation, wp, first, rows), taps[t], acc, false, false, 1.0, t == 0 ? 0.0 : 1.0);
        acc.addiRowVector(bias);
        if (relu) Transforms.relu(acc, false);
        acc.muliColumnVector(mask);
        return next;
    }
}
