/**
 * The Atelier API: what flows through a pipeline ({@link dev.atelier.api.Raster},
 * {@link dev.atelier.api.Drawing}) and the two extension points, {@link dev.atelier.api.Filter} and
 * {@link dev.atelier.api.Sink}. A plugin bundle compiles against this package only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.atelier.api;
