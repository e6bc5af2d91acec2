/**
 * G-code for GRBL 1.1 from a drawing, and the machine profiles it is written for; exported so that the
 * serial CNC output streams exactly what the file output would write.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.atelier.plugin.file.gcode;
