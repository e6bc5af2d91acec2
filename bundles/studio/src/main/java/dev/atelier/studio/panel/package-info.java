/**
 * What a plugin bundle needs to contribute a panel to the Studio: the service properties the Studio lists
 * panels by ({@link Panel}) and the helpers its own servlet uses (JSON answers, query parameters). A panel is a
 * Servlet Whiteboard servlet on {@code /panels/NAME/*}; the Studio's guard stands in front of it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.atelier.studio.panel;
