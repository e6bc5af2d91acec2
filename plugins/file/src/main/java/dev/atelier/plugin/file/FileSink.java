package dev.atelier.plugin.file;

import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.Sink;
import dev.atelier.api.SinkProperties;
import dev.atelier.api.StepContext;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Writes a raster as PNG, JPEG, BMP or TIFF to a path made from a template. */
@Component
@SinkProperties(name = "file", input = Payload.RASTER, description = "Writes the image to a file (PNG, JPEG, BMP, TIFF), atomically")
@Designate(ocd = FileSink.Config.class)
public class FileSink implements Sink {

    @ObjectClassDefinition(name = "file", description = "Writes the result to a file")
    @interface Config {
        @AttributeDefinition(description = "Where to write; {input} is the input's name without extension, {pipeline} the pipeline's "
                + "name, {format} the format's extension. Relative paths start at the host's working folder. Example: out/{input}-{pipeline}.png")
        String path();

        @AttributeDefinition(description = "File format; auto takes it from the path's extension", options = {
            @Option(value = "auto"), @Option(value = "png"), @Option(value = "jpeg"), @Option(value = "bmp"), @Option(value = "tiff")})
        String format() default "auto";

        @AttributeDefinition(min = "1", max = "100", description = "JPEG quality (IJG scale, 4:2:0 chroma)")
        int quality() default 92;

        @AttributeDefinition(description = "Replace a file that already exists (otherwise the step fails and the file is kept)")
        boolean overwrite() default false;
    }

    @Override public void write(Payload payload, StepContext ctx) throws Exception {
        Config c = ctx.parameters(Config.class);
        Path target = PathTemplate.resolve(c.path(), ctx);
        ImageFormat format = ImageFormat.choose(c.format(), target);
        Raster raster = (Raster) payload;
        AtomicFile.write(target, c.overwrite(), out -> format.write(raster.toImage(), c.quality(), out));
        ctx.log("wrote " + target);
    }
}
