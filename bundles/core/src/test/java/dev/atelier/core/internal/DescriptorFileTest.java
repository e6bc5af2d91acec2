package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.Problem;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptor files as bytes on disk: too large, not UTF-8, the .yml spelling. */
class DescriptorFileTest {
    @TempDir Path dir;

    @Test void aHugeDescriptorIsRefusedUnread() throws Exception {
        Path f = dir.resolve("huge.pipeline.yaml");
        // 12 MB in one quoted scalar: SnakeYAML took 100 s over it before its own limit applied
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("name: \"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 12 * 16; i++) out.write(chunk);
            out.write("\"\n".getBytes(StandardCharsets.US_ASCII));
        }
        long t0 = System.nanoTime();
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorParser.parse(f));
        Problem p = e.problems().get(0);
        assertTrue(p.message().contains("over the limit of 1,048,576") && p.message().contains("refused unread"), p.message());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused without parsing");
    }

    @Test void bytesThatAreNotUtf8AreNamedByLineAndOffset() throws Exception {
        Path f = dir.resolve("latin1.pipeline.yaml");
        byte[] text = "name: caf\u00e9\nsteps:\n  - dither\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, text);
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorParser.parse(f));
        Problem p = e.problems().get(0);
        assertEquals(1, p.line());
        assertEquals("byte 0xE9 at offset 9 is not UTF-8; save the file as UTF-8", p.message());
        Files.write(f, ("name: ok\nsteps:\n  - dither: {palette: \"\u00ff\u00fe\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(3, assertThrows(DescriptorException.class, () -> DescriptorParser.parse(f)).problems().get(0).line());
    }

    @Test void theYmlSpellingIsADescriptorToo() {
        assertTrue(DescriptorParser.isDescriptor("web.pipeline.yml"));
        assertTrue(DescriptorParser.isDescriptor("web.pipeline.yaml"));
        assertEquals("my web", DescriptorParser.defaultName(Path.of("my web.pipeline.yml")));
    }
}
