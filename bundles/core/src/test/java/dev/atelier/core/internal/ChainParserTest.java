package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainParserTest {
    @Test void parsesElementsParametersAndQuotes() throws Exception {
        PipelineSpec s = ChainParser.parse("deblock ! dither palette=cga ! file path='out/my {input}.png' quality=\"9!0\"");
        assertEquals(3, s.steps().size());
        assertEquals(Map.of("palette", "cga"), s.steps().get(1).params());
        assertEquals("out/my {input}.png", s.steps().get(2).params().get("path"));
        assertEquals("9!0", s.steps().get(2).params().get("quality"));
        assertEquals(11, s.steps().get(1).line(), "column of 'dither'");
        assertTrue(s.chain());
    }

    @Test void mistakesNameTheColumn() {
        DescriptorException e = assertThrows(DescriptorException.class, () -> ChainParser.parse("dither palette ! file path=x"));
        assertEquals(8, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("'palette' is not key=value"), e.getMessage());
        assertTrue(assertThrows(DescriptorException.class, () -> ChainParser.parse("a !! b")).getMessage().contains("empty element"));
        assertTrue(assertThrows(DescriptorException.class, () -> ChainParser.parse("file path='x")).getMessage().contains("not closed"));
        assertTrue(assertThrows(DescriptorException.class, () -> ChainParser.parse("  ")).getMessage().contains("empty"));
        assertTrue(assertThrows(DescriptorException.class, () -> ChainParser.parse("file a=1 a=2")).getMessage().contains("twice"));
    }
}
