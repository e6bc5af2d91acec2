package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import org.osgi.service.component.annotations.Component;

/** Returns nothing at all. */
@Component
@FilterProperties(name = "hostile-null", description = "Returns null instead of a result (hostile test bundle)")
public class NullFilter implements Filter {
    @Override public Payload apply(Payload input, StepContext ctx) {
        return null;
    }
}
