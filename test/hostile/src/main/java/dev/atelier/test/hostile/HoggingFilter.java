package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import org.osgi.service.component.annotations.Component;

/** Asks for more memory than any heap has, in one piece (so the JVM refuses at once, without filling the heap first). */
@Component
@FilterProperties(name = "hostile-hog", description = "Allocates more memory than the heap holds (hostile test bundle)")
public class HoggingFilter implements Filter {
    static volatile long[] kept;

    @Override public Payload apply(Payload input, StepContext ctx) {
        kept = new long[Integer.MAX_VALUE - 16];
        return input;
    }
}
