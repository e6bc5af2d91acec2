package dev.atelier.api;

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
}
