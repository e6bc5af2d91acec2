package dev.atelier.plugin.dither.api;

import java.util.Locale;

/** How the nearest palette colour is chosen. */
public enum Matching {
    /** Euclidean distance in OKLab: perceptually even, and cheap (the default). */
    OKLAB,
    /** CIEDE2000 in CIELAB (D65): the industry's reference difference, about 20x slower to evaluate. */
    CIEDE2000;

    /** The descriptor name: oklab, ciede2000. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Matching of(String id) {
        for (Matching m : values()) if (m.id().equals(id)) return m;
        throw new IllegalArgumentException("no colour matching '" + id + "'; use oklab or ciede2000");
    }
}
