package dev.atelier.plugin.deblock.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the deblocking network on the corpus ({@code ./atelier deblock-corpus}):
 * {@code ./atelier deblock-train [--hours H] [--corpus DIR] [--out DIR]}.
 *
 * <p>The network: five 3x3 convolutions, 4 -> 46 -> 46 -> 46 -> 46 -> 3 (RGB and the quantisation in), dilated 1, 2, 4, 4, 1 so the receptive
 * field is 25 x 25 (an 8 x 8 block and its eight neighbours need 24), ReLU between, 60 217 parameters; it
 * predicts the correction to the decoded image (RGB in [0,1]). Pairs: each training photo encoded with
 * libjpeg's tables at a random quality from 5 to 50, 4:2:0, a few photos re-encoded at new qualities every
 * 50 steps; 48 x 48 patches cut on the 8 x 8 grid, each in one of its 8 views (flips, transposition), 16 a
 * step; mean squared error; Adam, 3e-4 falling to a tenth over the last 30 % of the time budget.
 * The steps run as matrix products ({@link FastTrainer}; {@code --engine dl4j} uses DL4J's own layers).
 *
 * <p>A run can be cut off at any time: every 10 minutes and at the end the network with its optimiser
 * state, and the loss so far, are written to the output folder, and a new run goes on from there. At the end
 * it writes {@code deblock.zip} (the network alone), {@code loss.png} (the loss curve) and
 * {@code provenance.txt}.
 */
public final class Trainer {
    static final int PATCH = 48, BATCH = 16, REENCODE_EVERY = 50;
    /** Inputs: RGB and the quantisation (luma DC step / 64), so one network serves every quality. */
    static final int[] WIDTHS = {4, 46, 46, 46, 46, 3}, DILATION = {1, 2, 4, 4, 1};

    private static volatile boolean stop;

    private Trainer() { }

    static final double LEARNING_RATE = 3e-4;
    /** Charbonnier's eps for {@code --loss charbonnier}: a thousandth of the range, under half an 8-bit level. */
    static final double CHARBONNIER_EPS = 1e-3;

    /** A step takes well under a second; a longer gap is the process stopped (kill -STOP, a suspended
     *  machine) and is not training time, so a paused run keeps its whole budget and its rate schedule. */
    static double trainingSeconds(double sinceLastStep) {
        return sinceLastStep > PAUSE_SECONDS ? 0 : sinceLastStep;
    }

    static final double PAUSE_SECONDS = 30;

    /** Adam's step size: constant, then falling linearly to a tenth over the last 30 % of the time budget. */
    static double learningRate(double seconds, double budget) {
        return learningRate(LEARNING_RATE, seconds, budget);
    }

    static double learningRate(double peak, double seconds, double budget) {
        return peak * Math.max(0.1, Math.min(1, (budget - seconds) / (0.3 * budget)));
    }

    public static void main(String[] args) throws Exception {
        double hours = 3;
        String engine = "fast", lossName = "mse";
        double peakRate = LEARNING_RATE;
        Path from = null;
        Path corpus = Path.of("plugins/deblock/corpus/train"), out = Path.of("plugins/deblock/training");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hours" -> hours = Double.parseDouble(args[++i]);
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--engine" -> engine = args[++i];
                case "--loss" -> lossName = args[++i];
                case "--lr" -> peakRate = Double.parseDouble(args[++i]);
                case "--from" -> from = Path.of(args[++i]);
                case "--plot" -> {
                    // the loss curve of a log without training: --plot loss.csv loss.png
                    plot(Path.of(args[i + 1]), Path.of(args[i + 2]));
                    System.out.println("loss curve " + args[i + 2]);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --hours H --corpus DIR --out DIR --engine fast|dl4j --loss mse|charbonnier --lr PEAK --from NETWORK.zip, or --plot LOSS.csv OUT.png");
            }
        }
        if (!lossName.equals("mse") && !lossName.equals("charbonnier")) throw new IllegalArgumentException("--loss is mse or charbonnier, not " + lossName);
        if (!(peakRate > 0 && peakRate < 0.1)) throw new IllegalArgumentException("--lr must be above 0 and below 0.1 (Adam's step size; 3e-4 from scratch, about 1e-4 to fine-tune), not " + peakRate);
        if (from != null && !Files.isRegularFile(from)) throw new IllegalArgumentException("--from " + from + ": no such network file (e.g. plugins/deblock/src/main/resources/model/deblock.zip)");
        List<BufferedImage> photos = new ArrayList<>();
        if (!Files.isDirectory(corpus)) throw new IllegalArgumentException("no corpus at " + corpus + "; run ./atelier deblock-corpus first");
        try (var s = Files.list(corpus)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) photos.add(ImageIO.read(p.toFile()));
        }
        if (photos.isEmpty()) throw new IllegalArgumentException("no training photos in " + corpus);
        Files.createDirectories(out);
        Path checkpoint = out.resolve("checkpoint.zip"), lossLog = out.resolve("loss.csv");
        MultiLayerNetwork net;
        int step = 0;
        double seconds = 0;
        if (Files.exists(checkpoint)) {
            net = ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true);
            if (net.layerInputSize(0) == 3) net = withQuantInput(net);
            List<String> lines = Files.readAllLines(lossLog);
            String[] last = lines.get(lines.size() - 1).split(",");
            step = Integer.parseInt(last[0]);
            seconds = Double.parseDouble(last[2]);
            System.out.printf(Locale.ROOT, "resuming at step %d (%.1f h trained)%n", step, seconds / 3600);
        } else if (from != null) {
            // a fine-tune: the given network's weights, a fresh optimiser, a fresh time budget and schedule
            net = ModelSerializer.restoreMultiLayerNetwork(from.toFile(), false);
            if (net.layerInputSize(0) == 3) net = withQuantInput(net);
            System.out.println("starting from " + from);
            Files.writeString(lossLog, "step,loss,seconds,jpeg\n");
        } else {
            net = new MultiLayerNetwork(configuration());
            net.init();
            Files.writeString(lossLog, "step,loss,seconds,jpeg\n");
        }
        if (!engine.equals("fast") && !engine.equals("dl4j")) throw new IllegalArgumentException("--engine is fast or dl4j, not " + engine);
        // fast: the matrix-product steps (FastTrainer, about 3x quicker here); its Adam state starts afresh on a resume
        FastTrainer fast = engine.equals("fast") ? new FastTrainer(net, WIDTHS, DILATION, PATCH, BATCH, peakRate, step,
                BATCH % Runtime.getRuntime().availableProcessors() == 0 ? Runtime.getRuntime().availableProcessors() : 1) : null;
        if (lossName.equals("charbonnier")) {
            if (fast == null) throw new IllegalArgumentException("--loss charbonnier needs --engine fast");
            fast.charbonnier(CHARBONNIER_EPS);
        }
        System.out.printf(Locale.ROOT, "%d training photos, network of %d parameters, %s engine, %.1f h to go%n", photos.size(), net.numParams(),
                engine, hours - seconds / 3600);
        Random rnd = new Random(20261122L + step);
        Pair[] pool = new Pair[photos.size()];
        for (int i = 0; i < pool.length; i++) pool[i] = Pair.of(photos.get(i), 5 + rnd.nextInt(46));
        long tick = System.nanoTime(), lastSave = tick;
        double budget = hours * 3600;
        float[] x = new float[BATCH * WIDTHS[0] * PATCH * PATCH], y = new float[BATCH * 3 * PATCH * PATCH];
        StringBuilder pending = new StringBuilder();
        // the held-out photos beside the corpus (never trained on): their gain at q20, shown at every checkpoint
        List<BufferedImage> heldOutPhotos = new ArrayList<>();
        Path heldOutDir = corpus.toAbsolutePath().getParent() == null ? null : corpus.toAbsolutePath().getParent().resolve("heldout");
        if (heldOutDir != null && Files.isDirectory(heldOutDir)) {
            try (var s = Files.list(heldOutDir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) heldOutPhotos.add(ImageIO.read(p.toFile()));
            }
        }
        String heldOut = Files.exists(checkpoint) ? heldOutGain(checkpoint, heldOutPhotos) : "";
        if (!heldOut.isEmpty()) System.out.println("the checkpoint" + heldOut.substring(1));
        double smooth = Double.NaN, smoothJpeg = Double.NaN;
        // Ctrl-C or a kill: finish the step, save, then let the JVM go
        java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop = true;
            try {
                saved.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("training").setInitialMax((long) budget).setUnit(" s", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000).showSpeed()
                // a resumed run: the time already trained counts as elapsed, so the rate and the time left stay true
                .startsFrom((long) seconds, java.time.Duration.ofMillis((long) (seconds * 1000))).build()) {
            while (!stop && seconds < budget) {
                if (step % REENCODE_EVERY == 0) {
                    for (int k = 0; k < 4; k++) {
                        int i = rnd.nextInt(pool.length);
                        pool[i] = Pair.of(photos.get(i), 5 + rnd.nextInt(46));
                    }
                }
                for (int b = 0; b < BATCH; b++) pool[rnd.nextInt(pool.length)].patch(rnd, x, y, b);
                double loss;
                if (fast != null) {
                    fast.learningRate(learningRate(peakRate, seconds, budget));
                    loss = fast.step(x, y) * PATCH * PATCH; // in DL4J's units, as the log has them
                } else {
                    net.fit(new DataSet(Nd4j.create(x, new long[] {BATCH, WIDTHS[0], PATCH, PATCH}, 'c'), Nd4j.create(y, new long[] {BATCH, 3, PATCH, PATCH}, 'c')));
                    loss = net.score();
                }
                // the same measure for plain decoding (no correction): the network helps when it is lower
                double jpeg = 0;
                for (float v : y) jpeg += v * v;
                jpeg /= BATCH * 3;
                smooth = Double.isNaN(smooth) ? loss : 0.95 * smooth + 0.05 * loss;
                smoothJpeg = Double.isNaN(smoothJpeg) ? jpeg : 0.95 * smoothJpeg + 0.05 * jpeg;
                step++;
                long t = System.nanoTime();
                seconds += trainingSeconds((t - tick) / 1e9);
                tick = t;
                pending.append(String.format(Locale.ROOT, "%d,%.6g,%.1f,%.6g%n", step, loss, seconds, jpeg));
                bar.stepTo((long) seconds);
                bar.setExtraMessage(String.format(Locale.ROOT, "step %d, RMS error %.2f levels (JPEG %.2f)%s", step,
                        Math.sqrt(smooth / (PATCH * PATCH)) * 255, Math.sqrt(smoothJpeg / (PATCH * PATCH)) * 255, heldOut));
                if (System.nanoTime() - lastSave > 600e9) {
                    if (fast != null) fast.copyTo(net);
                    save(net, checkpoint, lossLog, pending);
                    heldOut = heldOutGain(checkpoint, heldOutPhotos);
                    lastSave = System.nanoTime();
                }
            }
        }
        if (fast != null) fast.copyTo(net);
        save(net, checkpoint, lossLog, pending);
        saved.countDown();
        if (stop) {
            System.out.println("stopped at step " + step + "; saved, and the next run goes on from there");
            return;
        }
        ModelSerializer.writeModel(net, out.resolve("deblock.zip").toFile(), false);
        plot(lossLog, out.resolve("loss.png"));
        Files.writeString(out.resolve("provenance.txt"), String.format(Locale.ROOT,
                "./atelier deblock-train --hours %.2f --engine %s --loss %s --lr %.2g%s; corpus %s (%d photos); %d steps of %d patches %dx%d; qualities 5-50, 4:2:0, libjpeg tables; each patch in one of its 8 views (flips, transposition); %s%n",
                hours, engine, lossName, peakRate, from == null ? "" : " --from " + from, corpus, photos.size(), step, BATCH, PATCH, PATCH, java.time.LocalDate.now()));
        System.out.println("network written to " + out.resolve("deblock.zip") + "; loss curve " + out.resolve("loss.png"));
    }

    static MultiLayerConfiguration configuration() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(20261122L).dataType(DataType.FLOAT)
                .updater(new Adam(2e-4)).weightInit(WeightInit.RELU).list();
        for (int i = 0; i < 5; i++) {
            ConvolutionLayer.Builder l = new ConvolutionLayer.Builder(3, 3).dilation(DILATION[i], DILATION[i]).nIn(WIDTHS[i]).nOut(WIDTHS[i + 1])
                    .convolutionMode(ConvolutionMode.Same).activation(i < 4 ? Activation.RELU : Activation.IDENTITY);
            if (i == 4) l.weightInit(WeightInit.ZERO); // no correction at first: training starts from plain decoding's error
            b.layer(l.build());
        }
        b.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        return b.setInputType(InputType.convolutional(PATCH, PATCH, WIDTHS[0])).build();
    }

    /**
     * A network with the quantisation input, made from one trained on RGB alone: the new input's weights
     * start at zero, so it begins as the old network did and learns to use the new input from there.
     */
    static MultiLayerNetwork withQuantInput(MultiLayerNetwork rgb) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration());
        net.init();
        for (int l = 0; l < WIDTHS.length - 1; l++) {
            org.nd4j.linalg.api.ndarray.INDArray old = rgb.getLayer(l).getParam("W");
            if (l == 0) {
                org.nd4j.linalg.api.ndarray.INDArray w = Nd4j.zeros(DataType.FLOAT, WIDTHS[1], WIDTHS[0], 3, 3);
                w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(old);
                net.getLayer(l).setParam("W", w);
            } else {
                net.getLayer(l).setParam("W", old.dup());
            }
            net.getLayer(l).setParam("b", rgb.getLayer(l).getParam("b").dup());
        }
        System.out.println("warm start: the RGB network's weights, with zero weights for the new quantisation input");
        return net;
    }

    /** ", held-out q20 +1.03 dB": the mean PSNR gain of a saved network over plain JPEG on the held-out photos ("" without them). */
    static String heldOutGain(Path network, List<BufferedImage> photos) {
        if (photos.isEmpty()) return "";
        try (var in = Files.newInputStream(network)) {
            Network n = Network.read(in, network.toString());
            double gain = 0;
            for (BufferedImage img : photos) {
                byte[] jpeg = Jpeg.encode(img, 20);
                BufferedImage decoded = Jpeg.decode(jpeg);
                int w = decoded.getWidth(), h = decoded.getHeight();
                int[] rgb = decoded.getRGB(0, 0, w, h, null, 0, w);
                float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
                int[] out = Tiler.run(rgb, w, h, 256, 16, n.workers(), SelfEnsemble.of((px, hh, ww) -> n.correction(px, hh, ww, quant), 1));
                BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                result.setRGB(0, 0, w, h, out, 0, w);
                gain += ImageQuality.psnr(img, result) - ImageQuality.psnr(img, decoded);
            }
            return String.format(Locale.ROOT, ", held-out q20 %+.2f dB", gain / photos.size());
        } catch (IOException | RuntimeException e) {
            return ", held-out gain unavailable (" + e.getMessage() + ")";
        }
    }

    private static void save(MultiLayerNetwork net, Path checkpoint, Path lossLog, StringBuilder pending) throws IOException {
        Path tmp = checkpoint.resolveSibling("checkpoint.zip.tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(lossLog, pending, StandardOpenOption.APPEND);
        pending.setLength(0);
    }

    /** The loss per step (faint), its running mean over 50 steps, and plain JPEG's on the same patches, on a log scale. */
    static void plot(Path lossLog, Path png) throws IOException {
        List<String> lines = Files.readAllLines(lossLog);
        int n = lines.size() - 1;
        if (n < 2) return;
        double[] loss = new double[n], jpeg = new double[n];
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            steps[i] = Integer.parseInt(f[0]);
            // the log's loss is a patch's summed squared error; as RMS in 8-bit levels it reads at a glance
            loss[i] = levels(Double.parseDouble(f[1]));
            jpeg[i] = f.length > 3 ? levels(Double.parseDouble(f[3])) : Double.NaN;
        }
        int span = Math.max(50, n / 40);
        double[] meanLoss = runningMean(loss, span), meanJpeg = runningMean(jpeg, span), ratio = new double[n];
        double lo = Double.MAX_VALUE, hi = 0, rlo = 1, rhi = 1;
        for (int i = 0; i < n; i++) {
            ratio[i] = meanLoss[i] / meanJpeg[i];
            if (i >= span && !Double.isNaN(ratio[i])) {
                rlo = Math.min(rlo, ratio[i]);
                rhi = Math.max(rhi, ratio[i]);
            }
            for (double v : new double[] {meanLoss[i], meanJpeg[i]}) {
                if (Double.isNaN(v) || v <= 0) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int w = 900, h = 600, left = 70, right = w - 20;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        // top: RMS error of the network's output and of plain decoding on the same patches
        int top1 = 30, bottom1 = 300;
        double llo = Math.log10(lo * 0.95), lhi = Math.log10(hi * 1.05);
        java.util.function.DoubleUnaryOperator y1 = v -> bottom1 - (Math.log10(v) - llo) / Math.max(1e-9, lhi - llo) * (bottom1 - top1);
        g.setFont(g.getFont().deriveFont(12f));
        for (double t = Math.ceil(lo); t <= hi * 1.05; t += hi / lo > 3 ? 2 : 1) gridLine(g, left, right, y1.applyAsDouble(t), fmt(t));
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(200, 60, 40));
        g.draw(curve(meanJpeg, left, right, y1));
        g.setColor(new Color(30, 70, 160));
        g.draw(curve(meanLoss, left, right, y1));
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawString("RMS error in 8-bit levels, mean of " + span + " steps (log scale): the network's output (blue), plain JPEG on the same patches (red)", left, top1 - 12);
        axes(g, left, right, top1, bottom1);
        // bottom: their ratio, the part of JPEG's error that is left
        int top2 = 350, bottom2 = 550;
        double rl = Math.floor(rlo * 20) / 20, rh = Math.ceil(rhi * 20) / 20;
        java.util.function.DoubleUnaryOperator y2 = v -> bottom2 - (v - rl) / Math.max(1e-9, rh - rl) * (bottom2 - top2);
        for (double t = rl; t <= rh + 1e-9; t += 0.05) gridLine(g, left, right, y2.applyAsDouble(t), String.format(Locale.ROOT, "%.2f", t));
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(30, 120, 60));
        double[] shown = ratio.clone();
        for (int i = 0; i < Math.min(span, n); i++) shown[i] = Double.NaN; // the first means cover too few steps
        g.draw(curve(shown, left, right, y2));
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawString("network's RMS error / plain JPEG's (below 1: it helps)", left, top2 - 12);
        axes(g, left, right, top2, bottom2);
        int first = steps[0], last = steps[n - 1];
        for (int k = 0; k <= 5; k++) {
            int step = first + (int) Math.round((last - first) * k / 5.0);
            double x = left + (double) k / 5 * (right - left);
            g.drawLine((int) x, bottom2, (int) x, bottom2 + 4);
            String label = String.valueOf(step);
            int lw = g.getFontMetrics().stringWidth(label);
            g.drawString(label, (int) x - (k == 0 ? 0 : k == 5 ? lw : lw / 2), bottom2 + 18);
        }
        g.drawString(first <= 1 ? "training step" : "training step (this log starts at step " + first + ", a run resumed from a saved network)", left, h - 12);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static double levels(double patchLoss) {
        return Double.isNaN(patchLoss) ? Double.NaN : Math.sqrt(patchLoss / (PATCH * PATCH)) * 255;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void gridLine(Graphics2D g, int left, int right, double y, String label) {
        g.setColor(new Color(225, 225, 225));
        g.drawLine(left, (int) y, right, (int) y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), (int) y + 4);
    }

    private static void axes(Graphics2D g, int left, int right, int top, int bottom) {
        g.setColor(Color.DARK_GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
    }

    /** The running mean over {@code span} steps; a step without a figure (a resume marker) is left out rather than poisoning it. */
    static double[] runningMean(double[] v, int span) {
        double[] m = new double[v.length];
        double run = 0;
        int counted = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) { run += v[i]; counted++; }
            if (i >= span && !Double.isNaN(v[i - span])) { run -= v[i - span]; counted--; }
            m[i] = counted == 0 ? Double.NaN : run / counted;
        }
        return m;
    }

    /** The values as a path across the plot; values that are missing or not positive are left out. */
    private static Path2D.Double curve(double[] v, int left, int right, java.util.function.DoubleUnaryOperator yOf) {
        Path2D.Double p = new Path2D.Double();
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double x = left + (double) i / (n - 1) * (right - left);
            if (Double.isNaN(v[i]) || v[i] <= 0) continue;
            if (p.getCurrentPoint() == null) p.moveTo(x, yOf.applyAsDouble(v[i])); else p.lineTo(x, yOf.applyAsDouble(v[i]));
        }
        return p;
    }

    /** A training photo and its JPEG at one quality, decoded; patches are cut from both on the 8 x 8 grid. */
    record Pair(int[] original, int[] decoded, int width, int height, int quality, float quant) {
        static Pair of(BufferedImage photo, int quality) throws IOException {
            int w = photo.getWidth(), h = photo.getHeight();
            byte[] jpeg = Jpeg.encode(photo, quality);
            BufferedImage dec = Jpeg.decode(jpeg);
            return new Pair(photo.getRGB(0, 0, w, h, null, 0, w), dec.getRGB(0, 0, w, h, null, 0, w), w, h, quality,
                    Network.quantInput(Jpeg.header(jpeg).tables()[0][0]));
        }

        /** A random patch on the 8 x 8 grid, in one of its 8 views (flips and transposition; see {@link #patch(int, int, int, float[], float[], int)}). */
        void patch(Random rnd, float[] x, float[] y, int b) {
            int px = 8 * rnd.nextInt((width - PATCH) / 8 + 1), py = 8 * rnd.nextInt((height - PATCH) / 8 + 1);
            patch(px, py, rnd.nextInt(8), x, y, b);
        }

        /**
         * The patch at (px, py) in view {@code view}: bit 0 mirrors left to right, bit 1 top to bottom, bit 2
         * transposes. JPEG's blocking looks the same in all 8 views (the DCT's basis is symmetric under them,
         * and a 48-pixel patch keeps the 8 x 8 grid on its edges), so each photo gives 8 times the examples:
         * the network had no reason to treat a view differently, yet averaging its views gained 0.1 dB.
         */
        void patch(int px, int py, int view, float[] x, float[] y, int b) {
            int plane = PATCH * PATCH, xb = b * WIDTHS[0] * plane, yb = b * 3 * plane;
            boolean mirror = (view & 1) != 0, flip = (view & 2) != 0, transpose = (view & 4) != 0;
            for (int j = 0; j < PATCH; j++) {
                for (int i = 0; i < PATCH; i++) {
                    int si = transpose ? j : i, sj = transpose ? i : j;
                    if (mirror) si = PATCH - 1 - si;
                    if (flip) sj = PATCH - 1 - sj;
                    int k = (py + sj) * width + px + si, at = j * PATCH + i;
                    int d = decoded[k], o = original[k];
                    for (int c = 0; c < 3; c++) {
                        float dv = (d >> (16 - 8 * c) & 0xFF) / 255f, ov = (o >> (16 - 8 * c) & 0xFF) / 255f;
                        x[xb + c * plane + at] = dv;
                        y[yb + c * plane + at] = ov - dv;
                    }
                    if (WIDTHS[0] == 4) x[xb + 3 * plane + at] = quant;
                }
            }
        }
    }
}
