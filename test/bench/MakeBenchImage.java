import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Scales a sample photo up to a benchmark size: java test/bench/MakeBenchImage.java IN OUT WIDTH HEIGHT */
public class MakeBenchImage {
    public static void main(String[] a) throws Exception {
        BufferedImage in = ImageIO.read(new File(a[0]));
        int w = Integer.parseInt(a[2]), h = Integer.parseInt(a[3]);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(in, 0, 0, w, h, null);
        g.dispose();
        ImageIO.write(out, a[1].substring(a[1].lastIndexOf('.') + 1), new File(a[1]));
    }
}
