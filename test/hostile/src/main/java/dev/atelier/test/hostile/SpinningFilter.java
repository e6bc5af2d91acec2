package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Spins for a while ignoring cancellation and interrupts: the step a host must abandon without losing a worker. */
@Component
@FilterProperties(name = "hostile-spin", description = "Busy-loops, deaf to cancel and interrupt (hostile test bundle)")
@Designate(ocd = SpinningFilter.Config.class)
public class SpinningFilter implements Filter {
    @ObjectClassDefinition(name = "hostile-spin")
    @interface Config {
        @AttributeDefinition(min = "0", max = "3600", description = "Seconds to spin before returning the input")
        int seconds() default 30;
    }

    static volatile long sink;

    @Override public Payload apply(Payload input, StepContext ctx) {
        long end = System.nanoTime() + ctx.parameters(Config.class).seconds() * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < end) {
            n++;
            if ((n & 0xFFFF) == 0) Thread.onSpinWait();
        }
        Thread.interrupted(); // and forgets it was asked
        sink = n;
        return input;
    }
}
