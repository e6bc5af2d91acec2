/**
 * Dithering for other plugins to build on (the mosaic uses it at cell level): palettes, error
 * diffusion kernels and the colour conversions they need.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.atelier.plugin.dither.api;
