package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.ElementInfo;
import dev.atelier.core.ElementInfo.Kind;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.ResolvedPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ResolverTest {
    static final ParameterInfo CELLS = new ParameterInfo("cells", "Cells", "Integer", 0, List.of("64"), "4", "512", List.of(), "cells on the long edge", false);
    static final ParameterInfo WAVE = new ParameterInfo("wave", "Wave", "String", 0, List.of("sine"), null, null,
            List.of(new ParameterInfo.Option("sine", "Sine"), new ParameterInfo.Option("square", "Square")), "", false);
    static final ParameterInfo GAMMA = new ParameterInfo("gamma", "Gamma", "Double", 0, List.of("1.5"), "0.1", "5", List.of(), "", false);
    static final ParameterInfo PATH = new ParameterInfo("path", "Path", "String", 0, List.of(), null, null, List.of(), "where to write", true);
    static final ParameterInfo SIZES = new ParameterInfo("sizes", "Sizes", "Integer", 3, List.of("1", "2"), null, null, List.of(), "", false);

    static final Map<String, ElementInfo> CATALOG = Stream.of(
            new ElementInfo("linify", Kind.FILTER, List.of("raster"), "drawing", "", "b 1", 1, List.of(CELLS, WAVE, GAMMA)),
            new ElementInfo("dither", Kind.FILTER, List.of("raster"), "raster", "", "b 1", 1, List.of(SIZES)),
            new ElementInfo("file", Kind.SINK, List.of("raster"), null, "", "b 1", 1, List.of(PATH)),
            new ElementInfo("svg", Kind.SINK, List.of("drawing"), null, "", "b 1", 1, List.of(PATH)))
            .collect(Collectors.toMap(ElementInfo::name, e -> e));
    static final Function<String, Optional<ElementInfo>> LOOKUP = n -> Optional.ofNullable(CATALOG.get(n));

    static Resolver.Outcome yaml(String text) throws Exception {
        return Resolver.resolve(DescriptorParser.parse(Path.of("p.pipeline.yaml"), text), LOOKUP);
    }

    static String problems(Resolver.Outcome o) {
        return o.problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test void convertsValuesAndFillsDefaults() throws Exception {
        Resolver.Outcome o = yaml("steps:\n  - linify: {cells: \"32\", wave: square}\noutputs:\n  - svg: {path: a.svg}\n");
        ResolvedPipeline r = o.pipeline();
        assertNotNull(r, problems(o));
        assertEquals(Map.of("cells", 32L, "wave", "square", "gamma", 1.5), r.steps().get(0).values());
    }

    @Test void aPluginThatLeavesWhileThePipelineIsResolvedIsLookedUpOnce() throws Exception {
        // the catalog changes under the resolver (a bundle stopping): each element's first look is the one used
        java.util.Set<String> seen = new java.util.HashSet<>();
        Function<String, Optional<ElementInfo>> leaving = n -> seen.add(n) ? LOOKUP.apply(n) : Optional.empty();
        Resolver.Outcome o = Resolver.resolve(ChainParser.parse("linify cells=8 ! svg path=a.svg"), leaving);
        assertNotNull(o.pipeline(), problems(o));
        assertEquals(8L, o.pipeline().steps().get(0).values().get("cells"));
    }

    @Test void unknownElementMakesThePipelineWait() throws Exception {
        Resolver.Outcome o = yaml("steps: [deblock, linify]\noutputs: [svg: {path: a}]\n");
        assertEquals(List.of("deblock"), List.copyOf(o.waitingFor()));
    }

    @Test void wrongTypeOutOfRangeUnknownAndMissingParametersNameLineAndStep() throws Exception {
        String p = problems(yaml("steps:\n  - linify:\n      cells: many\n      gamma: 9\n      colour: red\n      wave: zigzag\noutputs:\n  - svg: {}\n"));
        assertTrue(p.contains("p.pipeline.yaml:3: step 1 'linify': parameter 'cells': expected a whole number, got 'many'"), p);
        assertTrue(p.contains(":4: step 1 'linify': parameter 'gamma': 9.0 is above the maximum 5"), p);
        assertTrue(p.contains(":5: step 1 'linify': unknown parameter 'colour'; 'linify' takes cells, wave, gamma"), p);
        assertTrue(p.contains(":6: step 1 'linify': parameter 'wave': 'zigzag' is not one of sine, square"), p);
        assertTrue(p.contains(":8: step 2 'svg': missing parameter 'path'"), p);
    }

    @Test void aFractionIsNotAWholeNumberAndListsAreBounded() throws Exception {
        assertTrue(problems(yaml("steps: [linify: {cells: 2.5}]\noutputs: [svg: {path: a}]")).contains("expected a whole number, got 2.5"));
        Resolver.Outcome ok = yaml("steps: [dither: {sizes: [1, 2, 3]}]\noutputs: [file: {path: a}]");
        assertEquals(List.of(1L, 2L, 3L), ok.pipeline().steps().get(0).values().get("sizes"));
        assertTrue(problems(yaml("steps: [dither: {sizes: [1, 2, 3, 4]}]\noutputs: [file: {path: a}]")).contains("at most 3 values"));
    }

    @Test void payloadTypesMustMeet() throws Exception {
        String p = problems(yaml("steps: [linify]\noutputs: [file: {path: a.png}]\n"));
        assertTrue(p.contains("step 2 'file': output 'file' takes raster but gets drawing from step 1 'linify'"), p);
        String q = problems(yaml("steps: [linify, dither]\noutputs: [svg: {path: a}]\n"));
        assertTrue(q.contains("'dither' takes raster but gets drawing from step 1 'linify'"), q);
    }

    @Test void filtersAndSinksStayInTheirLists() throws Exception {
        assertTrue(problems(yaml("steps: [file: {path: a}]\noutputs: [file: {path: a}]")).contains("is an output, not a filter"));
        assertTrue(problems(yaml("outputs: [dither, file: {path: a}]")).contains("is a filter, not an output"));
    }

    @Test void aChainsTrailingSinksAreItsOutputs() throws Exception {
        PipelineSpec chain = ChainParser.parse("dither ! file path=a.png ! file path=b.png");
        ResolvedPipeline r = Resolver.resolve(chain, LOOKUP).pipeline();
        assertEquals(1, r.steps().size());
        assertEquals(2, r.outputs().size());
        assertTrue(problems(Resolver.resolve(ChainParser.parse("dither"), LOOKUP)).contains("a chain ends with an output"));
        assertTrue(problems(Resolver.resolve(ChainParser.parse("file path=a ! dither ! file path=b"), LOOKUP)).contains("outputs come last"));
        assertTrue(problems(Resolver.resolve(ChainParser.parse("linify cells=x ! svg path=a"), LOOKUP)).contains("chain:8: step 1 'linify'"));
    }
}
