package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Its load-time check throws, or does not answer for a minute: reading descriptors must go on regardless. */
@Component
@FilterProperties(name = "hostile-badcheck", description = "Its parameter check throws or hangs (hostile test bundle)")
@Designate(ocd = BadCheckFilter.Config.class)
public class BadCheckFilter implements Filter {
    @ObjectClassDefinition(name = "hostile-badcheck")
    @interface Config {
        @AttributeDefinition(description = "How the check misbehaves", options = {@Option(value = "throw"), @Option(value = "hang")})
        String mode() default "throw";
    }

    @Override public List<String> check(Map<String, Object> parameters, String input) {
        if ("hang".equals(parameters.get("mode"))) {
            long end = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(100); // deaf to interrupts
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
        }
        throw new IllegalStateException("hostile: the check itself broke");
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        return input;
    }
}
