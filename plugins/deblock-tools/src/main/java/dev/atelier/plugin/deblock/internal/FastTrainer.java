package dev.atelier.plugin.deblock.internal;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training steps for the deblocking network in the same matrix-product form as {@link FastForward}: a batch
 * of patches is one tall image (patches stacked with zero gaps of 2D rows, which every layer keeps at zero,
 * so patches never see each other); forward, backward and Adam on the 9 tap matrices and the bias of each
 * layer. The weights come from, and go back to, a DL4J network, so checkpoints and the shipped model stay
 * ModelSerializer files. A test checks the gradients against DL4J's.
 */
final class FastTrainer {
    final int layers, patch, batch, d;
    final int[] in, out, dilation;
    final boolean[] relu;
    final INDArray[][] w; // [layer][tap] in x out
    final INDArray[] b; // [layer] 1 x out
    private final INDArray[][] mW, vW;
    private final INDArray[] mB, vB;
    private double lr;
    private long t;
    /** 0: mean squared error; above 0: Charbonnier's loss sqrt(e^2 + eps^2) with this eps (a smooth L1). */
    private double charbonnierEps;
    // layout of a batch: an image of width patch and height batch * patch + (batch - 1) * 2d, with a border d
    final int width, height, wp, hp;
    final long first, rows;
    final INDArray mask;
    /** Further workers over other patches of each batch, with the same weight arrays (data parallel). */
    private final FastTrainer[] helpers;
    private final java.util.concurrent.ExecutorService pool;

    FastTrainer(MultiLayerNetwork net, int[] widths, int[] dilation, int patch, int batch, double lr, long step) {
        this(net, widths, dilation, patch, batch, lr, step, 1);
    }

    /**
     * {@code workers} share each batch (which they must divide): each takes its patches through forward and
     * backward with one BLAS thread, and one Adam step uses the mean of their gradients. On 2 cores this is
     * faster than one worker whose 46-wide products are split over both cores, as in the filter's tiles.
     */
    FastTrainer(MultiLayerNetwork net, int[] widths, int[] dilation, int patch, int batch, double lr, long step, int workers) {
        if (workers < 1 || batch % workers != 0) throw new IllegalArgumentException(workers + " workers do not divide a batch of " + batch);
        batch /= workers;
        this.layers = widths.length - 1;
        this.patch = patch;
        this.batch = batch;
        this.dilation = dilation.clone();
        this.lr = lr;
        this.t = step;
        int dm = 1;
        for (int x : dilation) dm = Math.max(dm, x);
        d = dm;
        in = new int[layers];
        out = new int[layers];
        relu = new boolean[layers];
        w = new INDArray[layers][9];
        b = new INDArray[layers];
        mW = new INDArray[layers][9];
        vW = new INDArray[layers][9];
        mB = new INDArray[layers];
        vB = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            in[l] = widths[l];
            out[l] = widths[l + 1];
            relu[l] = l < layers - 1;
            w[l] = FastForward.taps(net.getLayer(l).getParam("W").castTo(DataType.FLOAT));
            for (int t = 0; t < 9; t++) {
                mW[l][t] = Nd4j.zeros(DataType.FLOAT, in[l], out[l]);
                vW[l][t] = Nd4j.zeros(DataType.FLOAT, in[l], out[l]);
            }
            b[l] = net.getLayer(l).getParam("b").castTo(DataType.FLOAT).reshape(1, out[l]).dup('c');
            mB[l] = Nd4j.zeros(DataType.FLOAT, 1, out[l]);
            vB[l] = Nd4j.zeros(DataType.FLOAT, 1, out[l]);
        }
        width = patch;
        height = batch * patch + (batch - 1) * 2 * d;
        wp = width + 2 * d;
        hp = height + 2 * d;
        first = (long) d * wp + d;
        rows = (long) (height - 1) * wp + width;
        float[] m = new float[(int) rows];
        for (int i = 0; i < rows; i++) {
            long r = first + i;
            int col = (int) (r % wp) - d, row = (int) (r / wp) - d;
            boolean inPatch = row % (patch + 2 * d) < patch;
            m[i] = col >= 0 && col < width && row >= 0 && row < height && inPatch ? 1 : 0;
        }
        mask = Nd4j.create(m, new long[] {rows, 1}, 'c');
        helpers = new FastTrainer[workers - 1];
        for (int k = 0; k < helpers.length; k++) helpers[k] = new FastTrainer(this);
        if (workers > 1) {
            Nd4j.factory().blas().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxThreads(1);
            pool = java.util.concurrent.Executors.newFixedThreadPool(workers - 1, r -> {
                Thread th = new Thread(r, "trainer-worker");
                th.setDaemon(true);
                return th;
            });
        } else {
            pool = null;
        }
    }

    /** A helper: the same layout and the same weight arrays; its own activations and gradients, no Adam state. */
    private FastTrainer(FastTrainer main) {
        layers = main.layers;
        patch = main.patch;
        batch = main.batch;
        d = main.d;
        in = main.in;
        out = main.out;
        dilation = main.dilation;
        relu = main.relu;
        w = main.w;
        b = main.b;
        mW = null;
        vW = null;
        mB = null;
        vB = null;
        width = main.width;
        height = main.height;
        wp = main.wp;
        hp = main.hp;
        first = main.first;
        rows = main.rows;
        mask = main.mask;
        helpers = new FastTrainer[0];
        pool = null;
    }

    /** Row of the bordered matrix for pixel (x, y) of patch k. */
    long row(int k, int x, int y) {
        return (long) (k * (patch + 2 * d) + y + d) * wp + x + d;
    }

    /** Packs batch x 3 x patch x patch planar values into the bordered matrix. */
    INDArray pack(float[] planar, int channels) {
        float[] m = new float[hp * wp * channels];
        int plane = patch * patch;
        for (int k = 0; k < batch; k++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < patch; y++) for (int x = 0; x < patch; x++) {
                    m[(int) row(k, x, y) * channels + c] = planar[(k * channels + c) * plane + y * patch + x];
                }
            }
        }
        return Nd4j.create(m, new long[] {(long) hp * wp, channels}, 'c');
    }

    /** Train on Charbonnier's loss with this eps (0: back to mean squared error); the returned loss stays the squared error. */
    void charbonnier(double eps) {
        if (eps < 0) throw new IllegalArgumentException("Charbonnier's eps must not be negative: " + eps);
        charbonnierEps = eps;
        for (FastTrainer h : helpers) h.charbonnierEps = eps;
    }

    /** One step: forward, mean squared error over the patches' pixels and channels, backward, Adam. Returns the loss. */
    double step(float[] x, float[] y) {
        long t0 = System.nanoTime();
        double loss = batchGradients(x, y);
        long t1 = System.nanoTime();
        adam();
        if (PROFILE) System.out.printf("gradients %.3f s (forward %.3f), adam %.3f s%n", (t1 - t0) / 1e9, forwardSeconds, (System.nanoTime() - t1) / 1e9);
        return loss;
    }

    static boolean PROFILE = Boolean.getBoolean("deblock.profile");
    double forwardSeconds;

    INDArray[][] gW;
    INDArray[] gB;

    /** The whole batch (all workers' patches): the mean gradients are left in gW and gB; returns the mean loss. */
    double batchGradients(float[] x, float[] y) {
        if (helpers.length == 0) return gradients(x, y);
        int n = helpers.length + 1, xs = x.length / n, ys = y.length / n;
        java.util.List<java.util.concurrent.Future<Double>> parts = new java.util.ArrayList<>();
        for (int k = 0; k < helpers.length; k++) {
            FastTrainer h = helpers[k];
            int from = k + 1;
            parts.add(pool.submit(() -> h.gradients(java.util.Arrays.copyOfRange(x, from * xs, (from + 1) * xs),
                    java.util.Arrays.copyOfRange(y, from * ys, (from + 1) * ys))));
        }
        double loss = gradients(java.util.Arrays.copyOf(x, xs), java.util.Arrays.copyOf(y, ys));
        try {
            for (var f : parts) loss += f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        for (int l = 0; l < layers; l++) {
            for (FastTrainer h : helpers) {
                for (int k = 0; k < 9; k++) gW[l][k].addi(h.gW[l][k]);
                gB[l].addi(h.gB[l]);
            }
            for (int k = 0; k < 9; k++) gW[l][k].divi(n);
            gB[l].divi(n);
        }
        return loss / n;
    }

    /** Forward and backward; leaves the gradients in gW and gB; returns the loss. */
    double gradients(float[] xPlanar, float[] yPlanar) {
        if (gW != null) {
            for (INDArray[] layer : gW) for (INDArray g : layer) g.close();
            for (INDArray g : gB) g.close();
        }
        long f0 = System.nanoTime();
        INDArray[] act = new INDArray[layers + 1];
        act[0] = pack(xPlanar, in[0]);
        for (int l = 0; l < layers; l++) {
            act[l + 1] = FastForward.layer(act[l], w[l], b[l], relu[l], dilation[l], wp, first, rows, (long) hp * wp, out[l], mask);
        }
        forwardSeconds = (System.nanoTime() - f0) / 1e9;
        INDArray target = pack(yPlanar, out[layers - 1]);
        INDArray diff = act[layers].sub(target);
        long n = (long) batch * patch * patch * out[layers - 1];
        double loss = diff.norm2Number().doubleValue();
        loss = loss * loss / n;
        INDArray grad;
        if (charbonnierEps > 0) {
            // d/de sqrt(e^2 + eps^2) = e / sqrt(e^2 + eps^2): each pixel's pull is bounded, so large errors at
            // edges weigh less than under the square, and small ones (most of a photo) more
            INDArray denominator = Transforms.sqrt(diff.mul(diff).addi(charbonnierEps * charbonnierEps), false);
            grad = diff.divi(denominator).muli(1.0 / n);
            denominator.close();
        } else {
            grad = diff.muli(2.0 / n); // d loss / d output, zero off the patches (diff's own memory)
        }
        gW = new INDArray[layers][9];
        gB = new INDArray[layers];
        for (int l = layers - 1; l >= 0; l--) {
            INDArray dz = grad.get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all()).dup('c');
            dz.muliColumnVector(mask);
            if (relu[l]) {
                INDArray positive = act[l + 1].get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all()).gt(0);
                INDArray on = positive.castTo(DataType.FLOAT);
                dz.muli(on);
                positive.close();
                on.close();
            }
            gB[l] = dz.sum(0).reshape(1, out[l]);
            INDArray dx = l > 0 ? Nd4j.zeros(DataType.FLOAT, (long) hp * wp, in[l]) : null;
            for (int t = 0; t < 9; t++) {
                INDArray src = shifted(act[l], l, t);
                gW[l][t] = Nd4j.zeros(DataType.FLOAT, in[l], out[l]);
                Nd4j.gemm(src, dz, gW[l][t], true, false, 1.0, 0.0);
                if (dx != null) Nd4j.gemm(dz, w[l][t], shifted(dx, l, t), false, true, 1.0, 1.0);
            }
            dz.close();
            if (grad != null && grad != dx) grad.close();
            grad = dx;
        }
        // ND4J's arrays live outside the Java heap, and a step makes hundreds of megabytes of them: freed here,
        // not when the garbage collector gets round to it (a run was killed for memory before this)
        for (INDArray a : act) a.close();
        target.close();
        return loss;
    }

    private INDArray shifted(INDArray m, int l, int t) {
        return FastForward.shifted(m, t, dilation[l], wp, first, rows);
    }

    /** The step size from the next step on (the trainer lowers it towards the end). */
    void learningRate(double lr) {
        this.lr = lr;
    }

    private void adam() {
        t++;
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double a = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < 9; k++) update(w[l][k], gW[l][k], mW[l][k], vW[l][k], a, b1, b2, eps);
            update(b[l], gB[l], mB[l], vB[l], a, b1, b2, eps);
        }
    }

    private static void update(INDArray p, INDArray g, INDArray m, INDArray v, double a, double b1, double b2, double eps) {
        m.muli(b1).addi(g.mul(1 - b1));
        v.muli(b2).addi(g.mul(g).muli(1 - b2));
        p.subi(m.div(Transforms.sqrt(v, true).addi(eps)).muli(a));
    }

    /** Writes the weights back into a DL4J network of the same shape. */
    void copyTo(MultiLayerNetwork net) {
        for (int l = 0; l < layers; l++) {
            INDArray W = Nd4j.zeros(DataType.FLOAT, out[l], in[l], 3, 3);
            for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) {
                W.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(ky), NDArrayIndex.point(kx)).assign(w[l][ky * 3 + kx].transpose());
            }
            net.getLayer(l).setParam("W", W);
            net.getLayer(l).setParam("b", b[l].reshape(net.getLayer(l).getParam("b").shape()));
        }
    }
}
