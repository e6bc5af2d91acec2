package dev.atelier.studio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsTest {
    @TempDir Path dir;

    private Path save(String name, byte[] bytes) throws Exception {
        return Uploads.save(dir.resolve("inputs"), name, new ByteArrayInputStream(bytes), bytes.length, 100);
    }

    @Test
    void aNameIsReducedToAPlainFileNameInsideInputs() throws Exception {
        byte[] png = Files.readAllBytes(Path.of(System.getProperty("atelier.samples")).resolve("chelsea.png"));
        assertEquals(dir.resolve("inputs/x.png"), save("../../etc/x.png", png));
        assertEquals(dir.resolve("inputs/a_b.png"), save("C:\\photos\\a\u0000b.png", png));
        // the same photo again is the same file; another photo of that name gets a number
        assertEquals(dir.resolve("inputs/x.png"), save("x.png", png));
        byte[] other = Files.readAllBytes(Path.of(System.getProperty("atelier.samples")).resolve("coffee.png"));
        assertEquals(dir.resolve("inputs/x-1.png"), save("x.png", other));
    }

    @Test
    void whatIsNotAPhotoIsRefusedAndLeavesNothingBehind() throws Exception {
        Previews.Failure txt = assertThrows(Previews.Failure.class, () -> save("notes.txt", "hello".getBytes()));
        assertEquals(415, txt.status);
        Previews.Failure fake = assertThrows(Previews.Failure.class, () -> save("fake.png", "not a png at all".getBytes()));
        assertEquals(415, fake.status);
        assertTrue(fake.getMessage().contains("not an image"), fake.getMessage());
        assertEquals(400, assertThrows(Previews.Failure.class, () -> save("empty.jpg", new byte[0])).status);
        assertEquals(415, assertThrows(Previews.Failure.class, () -> save("..", new byte[] {1})).status);
        try (Stream<Path> left = Files.list(dir.resolve("inputs"))) {
            assertEquals(0, left.count(), "no file and no partial upload left");
        }
    }
}
