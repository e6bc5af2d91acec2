package dev.atelier.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/** Service properties of a {@link Sink} component: {@code atelier.sink.name}, {@code .input}, {@code .description}. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SinkProperties {
    String PREFIX_ = "atelier.sink.";
    String NAME = "atelier.sink.name";
    String INPUT = "atelier.sink.input";
    String DESCRIPTION = "atelier.sink.description";

    String name();

    String[] input() default Payload.RASTER;

    String description() default "";
}
