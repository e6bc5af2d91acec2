package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.api.ImageSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    private static final Path BASE = Path.of("/work/home");

    private static Path resolve(String template, String inputName) {
        return PathTemplate.resolve(template, new ImageSource(null, inputName, "png", 1, 1, null), "demo", BASE);
    }

    @Test void placeholdersAreFilledIn() {
        assertEquals(Path.of("/work/home/out/cat-demo.png"), resolve("out/{input}-{pipeline}.{format}", "cat"));
    }

    @Test void anInputNameNeverLeadsOutOfTheOutputFolder() {
        // "...png" has the name ".." once its extension is gone
        assertEquals(Path.of("/work/home/out/___/x.png"), resolve("out/{input}/x.png", ".."));
        assertEquals(Path.of("/work/home/out/a_b.png"), resolve("out/{input}.png", "a/b"));
        assertEquals(Path.of("/work/home/out/.._etc_passwd.png"), resolve("out/{input}.png", "../etc/passwd"));
        assertTrue(resolve("out/{input}.png", "../../etc/passwd").startsWith(BASE.resolve("out")));
        assertTrue(resolve("{input}", "..").startsWith(BASE));
    }

    @Test void unknownPlaceholdersAreErrorsNotText() {
        String m = assertThrows(IllegalArgumentException.class, () -> PathTemplate.expand("out/{inptu}.png", n -> n)).getMessage();
        assertTrue(m.contains("unknown placeholder {inptu}"), m);
        m = assertThrows(IllegalArgumentException.class, () -> PathTemplate.expand("out/{INPUT}.png", n -> n)).getMessage();
        assertTrue(m.contains("{INPUT}") && m.contains("lower case"), m);
    }

    @Test void theOutputChecksItsParametersWhenTheDescriptorIsRead() {
        FileSink sink = new FileSink();
        assertEquals(0, sink.check(Map.of("path", "out/{input}.png", "format", "auto"), "raster").size());
        assertTrue(sink.check(Map.of("path", "out/{inptu}.png", "format", "auto"), "raster").get(0).startsWith("parameter 'path': "));
        assertTrue(sink.check(Map.of("path", "out/{input}.xyz", "format", "auto"), "raster").get(0).contains("cannot write .xyz files"));
        assertTrue(sink.check(Map.of("path", "out/{input}.svg", "format", "auto"), "raster").get(0).contains("needs a drawing"));
        assertEquals(0, sink.check(Map.of("path", "out/{input}.svg", "format", "auto"), "drawing").size());
        assertTrue(sink.check(Map.of("path", "out/{input}.gcode", "format", "auto", "machine", "nosuch"), "drawing").get(0)
                .startsWith("parameter 'machine': no machine named 'nosuch'"));
    }
}
