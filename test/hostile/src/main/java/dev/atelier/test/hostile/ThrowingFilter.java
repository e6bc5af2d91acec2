package dev.atelier.test.hostile;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.StepContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Throws what no well-behaved plugin would: errors the JVM raises, and ones a plugin makes up. */
@Component
@FilterProperties(name = "hostile-throw", description = "Throws an Error of the kind asked for (hostile test bundle)")
@Designate(ocd = ThrowingFilter.Config.class)
public class ThrowingFilter implements Filter {
    @ObjectClassDefinition(name = "hostile-throw")
    @interface Config {
        @AttributeDefinition(description = "What to throw", options = {@Option(value = "stack-overflow"), @Option(value = "assertion"),
            @Option(value = "error"), @Option(value = "no-class-def"), @Option(value = "bare-exception")})
        String what() default "error";
    }

    /** An Error of the plugin's own, as ThreadDeath-like errors are. */
    static final class PluginDeath extends Error {
        private static final long serialVersionUID = 1L;
        PluginDeath(String m) { super(m); }
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        switch (ctx.parameters(Config.class).what()) {
            case "stack-overflow" -> { return recurse(input, 0); }
            case "assertion" -> throw new AssertionError("hostile: an assertion failed");
            case "no-class-def" -> throw new NoClassDefFoundError("com/example/Missing");
            case "bare-exception" -> throw new IllegalStateException();
            default -> throw new PluginDeath("hostile: a plugin's own Error");
        }
    }

    private Payload recurse(Payload p, int depth) {
        return depth < 0 ? p : recurse(p, depth + 1);
    }
}
