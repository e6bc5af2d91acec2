package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** A component whose activate throws: its service is registered, but getting it gives nothing. */
@Component
@FilterProperties(name = "hostile-broken", description = "Its activate method throws (hostile test bundle)")
public class BrokenComponent implements Filter {
    @Activate
    void activate() {
        throw new IllegalStateException("hostile: activate refused, no licence key found");
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        return input;
    }
}
