package dev.atelier.plugin.mosaic.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** The {@code mosaic:*} Gogo commands. */
@Component(immediate = true, service = MosaicCommands.class, property = {"osgi.command.scope=mosaic", "osgi.command.function=library"})
public class MosaicCommands {
    @Descriptor("cuts a tile library from a photo of candies on white paper: one PNG per candy, named by its colour (24 px)")
    public void library(CommandSession session, @Descriptor("photo of candies") String photo, @Descriptor("folder for the tiles") String folder)
            throws Exception {
        library(session, photo, folder, "24");
    }

    @Descriptor("cuts a tile library from a photo of candies, at a tile size in pixels")
    public void library(CommandSession session, @Descriptor("photo of candies") String photo, @Descriptor("folder for the tiles") String folder,
                        @Descriptor("tile size in pixels") String size) throws Exception {
        int px;
        try {
            px = Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tile size '" + size + "' is not a whole number of pixels");
        }
        Path base = Path.of("").toAbsolutePath();
        LibraryMaker.Made m = LibraryMaker.make(base.resolve(photo), base.resolve(folder), px);
        PrintStream out = session.getConsole() != null ? session.getConsole() : System.out;
        out.println(m.candies().size() + " candies found in " + photo + ": " + m.perColour());
        out.println("tiles written to " + base.resolve(folder) + " (use it with: mosaic library=" + folder + ")");
    }
}
