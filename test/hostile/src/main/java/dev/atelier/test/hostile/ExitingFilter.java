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

/** Ends the JVM, as a command-line tool ported into a plugin does on an error. */
@Component
@FilterProperties(name = "hostile-exit", description = "Calls System.exit, Runtime.exit or Runtime.halt (hostile test bundle)")
@Designate(ocd = ExitingFilter.Config.class)
public class ExitingFilter implements Filter {
    @ObjectClassDefinition(name = "hostile-exit")
    @interface Config {
        @AttributeDefinition(description = "How to end the JVM", options = {@Option(value = "system"), @Option(value = "runtime"), @Option(value = "halt")})
        String how() default "system";
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        switch (ctx.parameters(Config.class).how()) {
            case "runtime" -> Runtime.getRuntime().exit(41);
            case "halt" -> Runtime.getRuntime().halt(42);
            default -> System.exit(40);
        }
        return input;
    }
}
