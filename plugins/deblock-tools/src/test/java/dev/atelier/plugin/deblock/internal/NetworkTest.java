package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forward pass through tiles, on a fixture network (plain class path; the OSGi side is tested in test/deblock). */
class NetworkTest {
    @TempDir static Path dir;
    static Network net;

    @BeforeAll static void fixture() throws Exception {
        FixtureNetwork.write(dir.resolve("fixture.zip").toFile());
        try (InputStream in = Files.newInputStream(dir.resolve("fixture.zip"))) {
            net = Network.read(in, "fixture.zip");
        }
    }

    @Test void tilesGiveTheWholeImagePassesResult() throws Exception {
        BufferedImage img = Jpeg.decode(Jpeg.encode(MeasuresTest.photo(), 20));
        int w = 200, h = 136; // not multiples of the tile
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] whole = Tiler.run(rgb, w, h, 4096, 0, net::correction);
        for (int tile : new int[] {16, 64}) {
            int[] tiled = Tiler.run(rgb, w, h, tile, 8, net::correction);
            int worst = 0;
            for (int i = 0; i < rgb.length; i++) {
                for (int sh = 0; sh <= 16; sh += 8) worst = Math.max(worst, Math.abs((whole[i] >> sh & 0xFF) - (tiled[i] >> sh & 0xFF)));
            }
            assertTrue(worst <= 1, "tiles of " + tile + " differ from the whole pass by up to " + worst + " levels");
            assertArrayEquals(tiled, Tiler.run(rgb, w, h, tile, 8, 3, net::correction), "three tiles at once give what one at a time gives");
        }
        // without enough margin the seams show: the test can fail
        int[] seamy = Tiler.run(rgb, w, h, 16, 0, net::correction);
        int differing = 0;
        for (int i = 0; i < rgb.length; i++) if (seamy[i] != whole[i]) differing++;
        assertTrue(differing > rgb.length / 20, "no margin should leave seams, " + differing + " pixels differ");
    }

    @Test void aCorruptModelIsAClearErrorNotACrash() throws Exception {
        Path bad = dir.resolve("bad.zip");
        Files.write(bad, "this is not a network".getBytes());
        try (InputStream in = Files.newInputStream(bad)) {
            IOException e = assertThrows(IOException.class, () -> Network.read(in, bad.toString()));
            assertTrue(e.getMessage().contains("cannot be read as a network"), e.getMessage());
        }
        // a zip that is not a network either
        Path zip = dir.resolve("other.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            z.write("hello".getBytes());
        }
        try (InputStream in = Files.newInputStream(zip)) {
            IOException e = assertThrows(IOException.class, () -> Network.read(in, zip.toString()));
            assertTrue(e.getMessage().contains(zip.toString()), e.getMessage());
        }
    }

    /** The matrix-product pass gives DL4J's own result, for the plain fixture and for the dilated training network. */
    @Test void theFastPassMatchesDl4j() throws Exception {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork dilated = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(Trainer.configuration());
        dilated.init();
        // the training network starts with its last layer at zero: give it some weight so the test can fail
        dilated.getLayer(4).setParam("W", org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, dilated.getLayer(4).getParam("W").shape()).subi(0.5));
        java.util.Random rnd = new java.util.Random(3);
        for (org.deeplearning4j.nn.multilayer.MultiLayerNetwork m : java.util.List.of(fixtureNet(), dilated)) {
            FastForward fast = FastForward.of(m);
            assertTrue(fast != null, "a network of 3x3 same convolutions is supported");
            int h = 40, w = 56, c = (int) m.layerInputSize(0);
            float[] in = new float[c * h * w];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat();
            float[] slow = Network.inLibrary(() -> m.output(org.nd4j.linalg.factory.Nd4j.create(in, new long[] {1, c, h, w}, 'c'), false).dup('c').data().asFloat());
            float[] quick = fast.correction(in, h, w);
            double worst = 0;
            for (int i = 0; i < slow.length; i++) worst = Math.max(worst, Math.abs(slow[i] - quick[i]));
            assertTrue(worst < 1e-4, "differs by " + worst);
        }
    }

    static org.deeplearning4j.nn.multilayer.MultiLayerNetwork fixtureNet() throws Exception {
        return org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(dir.resolve("fixture.zip").toFile(), false);
    }

    /** The matrix-product training step's gradients are DL4J's (scaled: DL4J sums over a patch's pixels). */
    @Test void theFastTrainingGradientsAreDl4js() throws Exception {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(Trainer.configuration());
        net.init();
        net.getLayer(4).setParam("W", org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.getLayer(4).getParam("W").shape()).subi(0.5).muli(0.1));
        int p = 24, batch = 3;
        java.util.Random rnd = new java.util.Random(5);
        float[] x = new float[batch * Trainer.WIDTHS[0] * p * p], y = new float[batch * 3 * p * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
        for (int i = 0; i < y.length; i++) y[i] = (rnd.nextFloat() - 0.5f) * 0.1f;
        FastTrainer fast = new FastTrainer(net, Trainer.WIDTHS, Trainer.DILATION, p, batch, 1e-3, 0);
        double loss = fast.gradients(x, y);
        Network.inLibrary(() -> {
            net.setInput(org.nd4j.linalg.factory.Nd4j.create(x, new long[] {batch, Trainer.WIDTHS[0], p, p}, 'c'));
            net.setLabels(org.nd4j.linalg.factory.Nd4j.create(y, new long[] {batch, 3, p, p}, 'c'));
            net.computeGradientAndScore();
            return null;
        });
        // DL4J: per example, the sum over pixels of the mean over channels; averaged over the batch
        assertEquals(net.score() / (p * p), loss, 1e-4 * net.score() / (p * p));
        // DL4J's gradient is 3x the gradient of the score it reports (its MSE score divides by the 3 channels,
        // its gradient does not); the factor is the same for every weight, which is what the direction needs
        for (int l = 4; l >= 0; l--) {
            org.nd4j.linalg.api.ndarray.INDArray theirs = net.gradient().getGradientFor(l + "_W").dup('c').div(p * p * 3);
            double worst = 0, scale = theirs.amaxNumber().doubleValue();
            for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) {
                org.nd4j.linalg.api.ndarray.INDArray t = theirs.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(ky), org.nd4j.linalg.indexing.NDArrayIndex.point(kx)).transpose();
                worst = Math.max(worst, t.sub(fast.gW[l][ky * 3 + kx]).amaxNumber().doubleValue());
            }
            assertTrue(worst <= 1e-3 * scale + 1e-9, "layer " + l + ": gradients differ by " + worst + " of " + scale);
            org.nd4j.linalg.api.ndarray.INDArray tb = net.gradient().getGradientFor(l + "_b").dup('c').div(p * p * 3).reshape(1, Trainer.WIDTHS[l + 1]);
            assertTrue(tb.sub(fast.gB[l]).amaxNumber().doubleValue() <= 1e-3 * Math.max(1e-6, tb.amaxNumber().doubleValue()) + 1e-9, "bias of layer " + l);
        }
    }

    /** Under Charbonnier's loss the last layer's bias gradient is the mean of e / sqrt(e^2 + eps^2) over its channel's pixels. */
    @Test void theCharbonnierGradientIsTheSmoothL1s() throws Exception {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(Trainer.configuration());
        net.init();
        net.getLayer(4).setParam("W", org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.getLayer(4).getParam("W").shape()).subi(0.5).muli(0.1));
        int p = 24, batch = 2;
        double eps = 0.01;
        java.util.Random rnd = new java.util.Random(11);
        float[] x = new float[batch * Trainer.WIDTHS[0] * p * p], y = new float[batch * 3 * p * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
        for (int i = 0; i < y.length; i++) y[i] = (rnd.nextFloat() - 0.5f) * 0.1f;
        FastTrainer fast = new FastTrainer(net, Trainer.WIDTHS, Trainer.DILATION, p, batch, 1e-3, 0);
        fast.charbonnier(eps);
        double squared = fast.gradients(x, y);
        float[] out = Network.inLibrary(() -> net.output(org.nd4j.linalg.factory.Nd4j.create(x, new long[] {batch, Trainer.WIDTHS[0], p, p}, 'c'))
                .dup('c').data().asFloat());
        double[] expected = new double[3];
        double mse = 0, n = (double) batch * 3 * p * p;
        for (int b = 0; b < batch; b++) for (int c = 0; c < 3; c++) for (int k = 0; k < p * p; k++) {
            int at = (b * 3 + c) * p * p + k;
            double e = out[at] - y[at];
            expected[c] += e / Math.sqrt(e * e + eps * eps) / n;
            mse += e * e / n;
        }
        assertEquals(mse, squared, 1e-4 * mse, "the reported loss stays the squared error");
        for (int c = 0; c < 3; c++) assertEquals(expected[c], fast.gB[4].getDouble(0, c), 1e-4 * Math.abs(expected[c]) + 1e-7, "channel " + c);
        assertThrows(IllegalArgumentException.class, () -> fast.charbonnier(-1));
    }

    /** Two workers on halves of a batch give the one-worker gradients of the whole batch. */
    @Test void twoTrainingWorkersGiveTheWholeBatchsGradients() throws Exception {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(Trainer.configuration());
        net.init();
        net.getLayer(4).setParam("W", org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.getLayer(4).getParam("W").shape()).subi(0.5).muli(0.1));
        int p = 24, batch = 4;
        java.util.Random rnd = new java.util.Random(7);
        float[] x = new float[batch * Trainer.WIDTHS[0] * p * p], y = new float[batch * 3 * p * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
        for (int i = 0; i < y.length; i++) y[i] = (rnd.nextFloat() - 0.5f) * 0.1f;
        FastTrainer one = new FastTrainer(net, Trainer.WIDTHS, Trainer.DILATION, p, batch, 1e-3, 0);
        FastTrainer two = new FastTrainer(net, Trainer.WIDTHS, Trainer.DILATION, p, batch, 1e-3, 0, 2);
        assertEquals(one.gradients(x, y), two.batchGradients(x, y), 1e-6 * one.gradients(x, y));
        for (int l = 0; l < 5; l++) {
            for (int k = 0; k < 9; k++) {
                double scale = one.gW[l][k].amaxNumber().doubleValue();
                assertTrue(one.gW[l][k].sub(two.gW[l][k]).amaxNumber().doubleValue() <= 1e-4 * scale + 1e-9, "layer " + l + " tap " + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new FastTrainer(net, Trainer.WIDTHS, Trainer.DILATION, p, 3, 1e-3, 0, 2));
    }

    /** A network given the quantisation input starts as the RGB network it is made from, whatever the input says. */
    @Test void theWarmStartKeepsTheRgbNetworksOutput() throws Exception {
        org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder b = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(9)
                .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).list();
        for (int i = 0; i < 5; i++) {
            b.layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).dilation(Trainer.DILATION[i], Trainer.DILATION[i])
                    .nIn(i == 0 ? 3 : 46).nOut(Trainer.WIDTHS[i + 1]).convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same)
                    .activation(i < 4 ? org.nd4j.linalg.activations.Activation.RELU : org.nd4j.linalg.activations.Activation.IDENTITY).build());
        }
        b.layer(new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork rgb = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                b.setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(48, 48, 3)).build());
        rgb.init();
        Path a = dir.resolve("rgb.zip"), q = dir.resolve("quant.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(rgb, a.toFile(), false);
        org.deeplearning4j.util.ModelSerializer.writeModel(Trainer.withQuantInput(rgb), q.toFile(), false);
        Network n3, n4;
        try (InputStream in = Files.newInputStream(a)) { n3 = Network.read(in, "rgb"); }
        try (InputStream in = Files.newInputStream(q)) { n4 = Network.read(in, "quant"); }
        assertEquals(3, n3.inputs);
        assertEquals(4, n4.inputs);
        java.util.Random rnd = new java.util.Random(2);
        float[] px = new float[3 * 32 * 40];
        for (int i = 0; i < px.length; i++) px[i] = rnd.nextFloat();
        float[] before = n3.correction(px, 32, 40), after = n4.correction(px, 32, 40, 1.25f);
        double worst = 0;
        for (int i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(before[i] - after[i]));
        assertTrue(worst < 1e-5, "differs by " + worst);
    }
}
