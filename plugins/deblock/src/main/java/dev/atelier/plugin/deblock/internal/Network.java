package dev.atelier.plugin.deblock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained deblocking network and its forward pass. The input is the decoded image as RGB in [0,1]
 * (N, 3, H, W); the network gives a correction that is added to it. ND4J is reached through the
 * dev.atelier.lib.dl4j bundle, and every call runs with that bundle's class loader as the thread's
 * context loader: ND4J finds its backend through it.
 */
final class Network {
    private final MultiLayerNetwork net;
    /** The same pass as matrix products (much faster than DL4J's layers here), when the network's layers allow it. */
    private final FastForward fast;

    /** 3 (RGB) or 4 (RGB and the quantisation: the luma table's DC step / 64, the same everywhere). */
    final int inputs;

    private Network(MultiLayerNetwork net) {
        this.net = net;
        this.fast = inLibrary(() -> FastForward.of(net));
        this.inputs = (int) net.layerInputSize(0);
    }

    /**
     * How many tiles to run at once: one per core, each with one BLAS thread (twice as fast on 2 cores as
     * one tile whose 46-wide products are split over both: docs/deblock.md). DL4J's own pass keeps state
     * in its layers, so a network the fast pass cannot run goes one tile at a time.
     */
    int workers() {
        if (fast == null) return 1;
        inLibrary(() -> {
            Nd4j.factory().blas().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxThreads(1);
            return null;
        });
        return Runtime.getRuntime().availableProcessors();
    }

    /** The quantisation input for a JPEG whose luma table has this DC step. */
    static float quantInput(int lumaDcStep) {
        return lumaDcStep / 64f;
    }

    /** Correction for one tile of a JPEG with the given quantisation input (ignored by an RGB-only network). */
    float[] correction(float[] rgb, int h, int w, float quant) {
        if (inputs == 3) return correction(rgb, h, w);
        float[] in = java.util.Arrays.copyOf(rgb, 4 * h * w);
        java.util.Arrays.fill(in, 3 * h * w, 4 * h * w, quant);
        return inputs4(in, h, w);
    }

    private float[] inputs4(float[] in, int h, int w) {
        if (fast != null) return inLibrary(() -> fast.correction(in, h, w));
        return dl4j(in, h, w, 4);
    }

    /** Reads a network written by ModelSerializer; anything else is an IOException that says so. */
    static Network read(InputStream in, String name) throws IOException {
        try {
            return new Network(inLibrary(() -> ModelSerializer.restoreMultiLayerNetwork(in, false)));
        } catch (RuntimeException | LinkageError e) {
            Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
            throw new IOException(name + " cannot be read as a network (" + cause + "); train one with ./atelier deblock-train", e);
        }
    }

    /** Correction for one tile: {@code rgb} planar (3 x h x w) in [0,1]; the result has the same layout. */
    float[] correction(float[] rgb, int h, int w) {
        if (inputs != 3) throw new IllegalStateException("this network also needs the quantisation as input");
        if (fast != null) return inLibrary(() -> fast.correction(rgb, h, w));
        return dl4j(rgb, h, w, 3);
    }

    /** DL4J's own forward pass. */
    float[] dl4j(float[] rgb, int h, int w, int channels) {
        return inLibrary(() -> {
            INDArray x = Nd4j.create(rgb, new long[] {1, channels, h, w}, 'c');
            INDArray y = net.output(x, false);
            return y.castTo(DataType.FLOAT).dup('c').data().asFloat();
        });
    }

    long parameters() {
        return net.numParams();
    }

    /** Arithmetic per output pixel: a multiply and an add for every weight of every convolution. */
    double flopPerPixel() {
        double flop = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) flop += 2.0 * l.getParam("W").length();
        }
        return flop;
    }

    static <T> T inLibrary(Callable<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(MultiLayerNetwork.class.getClassLoader());
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
