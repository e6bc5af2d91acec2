/**
 * The services of the pipeline engine, for the shell and other front ends: the catalog of installed
 * filters and sinks, the pipeline registry, and jobs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package dev.atelier.core;
