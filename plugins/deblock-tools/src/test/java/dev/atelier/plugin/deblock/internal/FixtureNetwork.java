package dev.atelier.plugin.deblock.internal;

import java.io.File;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;

/** A small untrained network of the deblocker's shape (five 3x3 layers, 3 -> 8 -> 8 -> 8 -> 8 -> 3), for tests. */
public final class FixtureNetwork {
    private FixtureNetwork() { }

    public static void write(File file) throws Exception {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(42).weightInit(WeightInit.XAVIER).list();
        int[] widths = {3, 8, 8, 8, 8, 3};
        for (int i = 0; i < 5; i++) {
            b.layer(new ConvolutionLayer.Builder(3, 3).nIn(widths[i]).nOut(widths[i + 1]).convolutionMode(ConvolutionMode.Same)
                    .activation(i < 4 ? Activation.RELU : Activation.IDENTITY).build());
        }
        MultiLayerConfiguration conf = b.setInputType(InputType.convolutional(64, 64, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ModelSerializer.writeModel(net, file, false);
    }
}
