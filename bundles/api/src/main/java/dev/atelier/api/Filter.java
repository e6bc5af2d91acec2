package dev.atelier.api;

import java.util.List;
import java.util.Map;

/**
 * A pipeline step that turns one payload into another. Register it as an OSGi service, describe it
 * with {@link FilterProperties} and give its parameters as a Metatype {@code @ObjectClassDefinition}
 * designated for the component:
 *
 * <pre>{@code
 * @Component
 * @FilterProperties(name = "invert", description = "Negative of the image")
 * @Designate(ocd = Invert.Config.class)
 * public class Invert implements Filter {
 *     @ObjectClassDefinition(name = "invert") @interface Config {
 *         @AttributeDefinition(min = "0", max = "1", description = "How much to invert") double amount() default 1;
 *     }
 *     public Payload apply(Payload in, StepContext ctx) { ... ctx.parameters(Config.class).amount() ... }
 * }
 * }</pre>
 *
 * A filter is called from several worker threads at once: keep per-call state on the stack.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Filter {
    /**
     * Transforms the input. The input's type is one of the declared input types; the result's
     * type is the declared output type. Throw an exception with a message a user can act on.
     */
    Payload apply(Payload input, StepContext context) throws Exception;

    /**
     * Checks this step's parameters when a descriptor is read, before any job runs: what its Metatype
     * definition cannot say (a name that must exist, a placeholder in a template, a format that must suit
     * the payload). The host reports each message with the descriptor's file, line and step, and the
     * pipeline is invalid until it is fixed. Called from the host's own threads, briefly: do no image
     * work here, and read no more of a file than it takes to know it is usable.
     *
     * @param parameters the step's converted parameters, defaults included, as {@link StepContext#parameterMap()} has them
     * @param input the payload type this filter will get ({@link Payload#RASTER}, {@link Payload#DRAWING}, ...)
     * @return one message per problem, each naming its parameter ("parameter 'palette': no palette named 'x'; ...");
     *         empty when all is well
     * @since 1.2
     */
    default List<String> check(Map<String, Object> parameters, String input) {
        return List.of();
    }
}
