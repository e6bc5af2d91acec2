/**
 * Exported only because plugin classes the host rewrote call into it ({@link dev.atelier.core.guard.Exits}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.atelier.core.guard;
