package dev.atelier.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Service properties of a {@link Filter} component: {@code atelier.filter.name},
 * {@code atelier.filter.input}, {@code atelier.filter.output}, {@code atelier.filter.description}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FilterProperties {
    String PREFIX_ = "atelier.filter.";
    String NAME = "atelier.filter.name";
    String INPUT = "atelier.filter.input";
    String OUTPUT = "atelier.filter.output";
    String DESCRIPTION = "atelier.filter.description";
    /** @since 1.3 */
    String ATTACHMENTS = "atelier.filter.attachments";

    /** The name used in descriptors: lower case letters, digits and '-'. */
    String name();

    /** Payload types accepted. */
    String[] input() default Payload.RASTER;

    /** Payload type produced. */
    String output() default Payload.RASTER;

    /** One line for {@code atelier:filters}. */
    String description() default "";

    /**
     * The text attachments the filter adds to its result (a report such as a bill of materials), by name: front
     * ends can show them beside the picture without knowing the filter (the Studio does).
     *
     * @since 1.3
     */
    String[] attachments() default {};
}
