/**
 * The machines the cnc plugin drives, as a service for other front ends than its cnc:* commands: the Studio's
 * machine panel (bundle dev.atelier.plugin.cnc.studio) is one. Versioned on its own: the plugin's internals may
 * change without it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.atelier.plugin.cnc.api;
