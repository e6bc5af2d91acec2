package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.Problem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorParserTest {
    static final Path FILE = Path.of("pipelines/etch.pipeline.yaml");

    static Problem only(String yaml) {
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorParser.parse(FILE, yaml));
        return e.problems().get(0);
    }

    @Test void readsStepsOutputsParametersAndTheirLines() throws Exception {
        PipelineSpec s = DescriptorParser.parse(FILE, """
                name: etch-a-sketch
                steps:
                  - deblock: {}
                  - linify: {cells: 64, gamma: auto, wave: sine}
                  - dither
                outputs:
                  - file: {path: "out/{input}.svg", overwrite: true}
                """);
        assertEquals("etch-a-sketch", s.name());
        assertEquals(3, s.steps().size());
        assertEquals(Map.of("cells", 64L, "gamma", "auto", "wave", "sine"), s.steps().get(1).params());
        assertEquals(4, s.steps().get(1).line());
        assertEquals(4, s.steps().get(1).lineOf("gamma"));
        assertEquals("dither", s.steps().get(2).name());
        assertEquals(4, s.outputs().get(0).index());
        assertEquals(true, s.outputs().get(0).params().get("overwrite"));
    }

    @Test void theNameDefaultsToTheFileName() throws Exception {
        assertEquals("etch", DescriptorParser.parse(FILE, "outputs: [file: {path: x.png}]").name());
    }

    @Test void malformedYamlNamesTheLine() {
        Problem p = only("name: x\noutputs:\n  - file: {path: \"x.png\"\n  - other\n");
        assertTrue(p.message().startsWith("malformed YAML"), p.message());
        assertTrue(p.line() >= 3, "line " + p.line());
        assertTrue(p.toString().startsWith(FILE + ":"), p.toString());
    }

    @Test void unknownTopLevelKeyIsRefusedWithItsLine() {
        Problem p = only("name: x\nstep:\n  - a\noutputs: [file]\n");
        assertEquals(2, p.line());
        assertTrue(p.message().contains("unknown key 'step'"), p.message());
    }

    @Test void emptyFileAndMissingOutputsAreExplained() {
        assertTrue(only("").message().contains("empty"));
        assertTrue(only("# only a comment\n").message().contains("empty"));
        assertTrue(only("steps: [dither]\n").message().contains("no 'outputs:'"));
        assertTrue(only("outputs: []\n").message().contains("empty"));
    }

    @Test void aStepWithTwoNamesOrNonMappingParametersIsRefused() {
        Problem p = only("outputs:\n  - file: {path: x}\n    other: {}\n");
        assertEquals("1", p.step());
        Problem q = only("outputs:\n  - file: [a, b]\n");
        assertTrue(q.message().contains("parameters are a mapping"), q.message());
        assertEquals("1 'file'", q.step());
    }

    @Test void duplicateKeysAreRefused() {
        Problem p = only("outputs: [file]\noutputs: [file]\n");
        assertTrue(p.message().contains("duplicate key 'outputs'") && p.line() == 2, p.toString());
        assertTrue(only("outputs:\n  - file: {path: a, path: b}\n").message().contains("given twice"));
    }

    @Test void nestedMappingAsAValueIsRefused() {
        Problem p = only("outputs:\n  - file: {path: {a: 1}}\n");
        assertTrue(p.message().contains("parameter 'path'"), p.message());
    }
}
