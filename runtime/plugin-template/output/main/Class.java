package @@PACKAGE@@;

import dev.atelier.api.ImageSource;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.Sink;
import dev.atelier.api.SinkProperties;
import dev.atelier.api.StepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The @@NAME@@ output: writes a line of figures about each image (size, mean colour) to a text file.
 * Rename it and replace {@link #summary} with what your output writes or sends; the rest is what every
 * Atelier output needs: parameters, a load-time check, the file it writes, nothing half-written.
 */
@Component
@SinkProperties(name = "@@NAME@@", input = Payload.RASTER, description = "Writes an image's size and mean colour to a text file")
@Designate(ocd = @@CLASS@@.Config.class)
public class @@CLASS@@ implements Sink {

    /** The parameters: each one's name, type, default, range and help, printed by atelier:inspect @@NAME@@. */
    @ObjectClassDefinition(name = "@@NAME@@", description = "Writes an image's figures to a text file")
    @interface Config {
        @AttributeDefinition(description = "Where to write; {input} is the input's name without its extension. Example: out/{input}.txt")
        String path();

        @AttributeDefinition(description = "Replace a file that already exists (otherwise the step fails and the file is kept)")
        boolean overwrite() default false;
    }

    @Override public void write(Payload payload, StepContext ctx) throws IOException {
        Config c = ctx.parameters(Config.class);
        Path target = target(Map.of("path", c.path()), ctx.input(), ctx.pipeline(), ctx.baseDirectory());
        if (!c.overwrite() && Files.exists(target)) throw new FileAlreadyExistsException(target + " exists; set overwrite=true or choose another path");
        String text = summary((Raster) payload);
        // written beside the target, then moved in whole: a reader never sees half a file
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        ctx.log("wrote " + target);
    }

    /** Checked when a descriptor is read: the path's placeholders. */
    @Override public List<String> check(Map<String, Object> parameters, String input) {
        List<String> problems = new ArrayList<>();
        String path = String.valueOf(parameters.get("path"));
        String rest = path.replace("{input}", "");
        if (rest.contains("{") || rest.contains("}")) problems.add("parameter 'path': '" + path + "' has a placeholder other than {input}");
        return problems;
    }

    /** The file for an input, so the host can refuse two inputs that would write the same one. */
    @Override public Path target(Map<String, Object> parameters, ImageSource input, String pipeline, Path baseDirectory) {
        String name = input.name().replace('/', '_').replace('\\', '_');
        if (name.isEmpty() || name.chars().allMatch(ch -> ch == '.')) name = name.replace('.', '_') + "_";
        return baseDirectory.resolve(String.valueOf(parameters.get("path")).replace("{input}", name)).normalize();
    }

    /** "640x480 mean #7F6A55": the figures of one image. */
    static String summary(Raster r) {
        long red = 0, green = 0, blue = 0;
        for (int p : r.pixels()) {
            red += p >> 16 & 0xFF;
            green += p >> 8 & 0xFF;
            blue += p & 0xFF;
        }
        int n = r.pixels().length;
        return String.format(Locale.ROOT, "%dx%d mean #%02X%02X%02X%n", r.width(), r.height(), Math.round((double) red / n),
                Math.round((double) green / n), Math.round((double) blue / n));
    }
}
