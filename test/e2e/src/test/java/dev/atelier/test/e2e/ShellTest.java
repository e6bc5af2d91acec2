package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's everyday commands through the exported jar, in a new home. */
class ShellTest {
    @TempDir Path home;

    @Test void aNewHomeHasTheBundledPipelinesAndAUserFileOverridesOne() throws Exception {
        AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "exec", "atelier:show demo", "atelier:pipelines");
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().contains("[dev.atelier.plugin.dither]/pipelines/demo.pipeline.yaml (a system pipeline"), r.stdout());
        for (String name : new String[] {"demo", "gameboy", "linify", "candy", "deblock"}) assertTrue(r.stdout().contains(name + " "), name + ": " + r.stdout());
        Files.writeString(home.resolve("pipelines/demo.pipeline.yaml"), "outputs:\n  - file: {path: \"out/{input}-mine.png\"}\n");
        AtelierProcess.Result mine = AtelierProcess.run(home, "exec", "atelier:show demo");
        assertTrue(mine.stdout().contains(home.resolve("pipelines/demo.pipeline.yaml").toString())
                && mine.stdout().contains("overrides the system pipeline [dev.atelier.plugin.dither]/pipelines/demo.pipeline.yaml"), mine.stdout());
        AtelierProcess.Result run = AtelierProcess.run(home, "run", "demo", AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, run.code(), run.stderr());
        assertTrue(Files.exists(home.resolve("out/coffee-mine.png")), "the user's version ran");
    }

    /** The 146 MB library and the plugin on it are read in place from lib/ beside the jar, not copied into the cache. */
    @Test void theBigBundlesAreInstalledByReferenceFromLib() throws Exception {
        AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "exec", "lb -l", "atelier:inspect deblock");
        assertEquals(0, r.code(), r.stderr());
        Path lib = AtelierProcess.JAR.getParent().resolve("lib");
        for (String jar : new String[] {"dev.atelier.lib.dl4j.jar", "dev.atelier.plugin.deblock.jar"}) {
            assertTrue(r.stdout().contains("Active") && r.stdout().contains("reference:" + lib.resolve(jar).toUri()), jar + ":\n" + r.stdout());
        }
        assertTrue(r.stdout().contains("ensemble"), "the deblock filter is there: " + r.stdout());
    }

    @Test void helpAtelierListsTheCommands() throws Exception {
        AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "exec", "help atelier", "help atelier:run");
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().contains("Atelier's commands") && r.stdout().contains("  status ") && r.stdout().contains("-b, --background"), r.stdout());
    }

    /** The bash completion the README installs, asked as bash asks it. */
    @Test void bashCompletesSubcommandsPipelinesFiltersAndCncCommands() throws Exception {
        Path root = AtelierProcess.SAMPLES.resolve("../..").normalize();
        String script = "source runtime/completion/atelier.bash; ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _atelier; echo \"${COMPREPLY[*]}\"; }; "
                + "ask ./atelier dem; ask ./atelier run ca; ask ./atelier inspect lin; ask ./atelier cnc un; ask ./atelier status --h";
        Process p = new ProcessBuilder("bash", "-c", script).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(java.util.List.of("demo", "candy", "linify", "unlock", "--health"), out.lines().toList());
    }
}
