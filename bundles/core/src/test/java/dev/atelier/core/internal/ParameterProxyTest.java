package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterProxyTest {
    enum Wave { SINE, SQUARE_WAVE }

    @interface Config {
        int cells() default 64;
        double line_width() default 0.5;
        Wave wave() default Wave.SINE;
        String[] names() default {};
        boolean fast$_$mode() default false;
    }

    @Test void readsValuesByDeclarativeServicesNamesAndFallsBackToDefaults() {
        Config c = ParameterProxy.create(Config.class, Map.of("cells", 32L, "line.width", 2.0, "wave", "square-wave",
                "names", List.of("a", "b"), "fast-mode", true));
        assertEquals(32, c.cells());
        assertEquals(2.0, c.line_width());
        assertEquals(Wave.SQUARE_WAVE, c.wave());
        assertArrayEquals(new String[] {"a", "b"}, c.names());
        assertEquals(true, c.fast$_$mode());
        Config d = ParameterProxy.create(Config.class, Map.of());
        assertEquals(64, d.cells());
        assertEquals(Wave.SINE, d.wave());
        assertEquals("line.width", ParameterProxy.key("line_width"));
        assertEquals("a_b", ParameterProxy.key("a__b"));
    }
}
