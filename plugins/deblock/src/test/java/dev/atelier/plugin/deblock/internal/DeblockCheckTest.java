package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeblockCheckTest {
    @TempDir Path dir;

    @Test void aNamedModelMustBeANetworkFileWhenTheDescriptorIsRead() throws Exception {
        DeblockFilter f = new DeblockFilter();
        assertEquals(0, f.check(Map.of("model", ""), "raster").size(), "the shipped network");
        assertTrue(f.check(Map.of("model", dir.resolve("none.zip").toString()), "raster").get(0).startsWith("parameter 'model': no file"));
        Path text = Files.writeString(dir.resolve("notes.zip"), "not a zip");
        assertTrue(f.check(Map.of("model", text.toString()), "raster").get(0).contains("is not a network file"));
        Path shipped = Path.of("src/main/resources/model/deblock.zip").toAbsolutePath();
        assertEquals(0, f.check(Map.of("model", shipped.toString()), "raster").size());
    }
}
