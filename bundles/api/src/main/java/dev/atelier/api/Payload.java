package dev.atelier.api;

/** What travels between the steps of a pipeline: a {@link Raster} or a {@link Drawing}. */
public interface Payload {
    /** The payload type name used in filter declarations: {@value #RASTER} or {@value #DRAWING}. */
    String type();

    String RASTER = "raster";
    String DRAWING = "drawing";
}
