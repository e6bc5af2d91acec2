package dev.atelier.studio.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Records and arrays as a panel's servlet hands them over: objects of their components, JSON arrays. */
class JsonTest {
    public record Job(String id, int acknowledged, double secondsLeft) { }

    public record Status(String port, double[] position, Job job) { }

    @Test void recordsAreObjectsOfTheirComponentsAndArraysAreArrays() {
        assertEquals("{\"port\":\"/dev/ttyACM0\",\"position\":[1.5,-2.0,0.0],\"job\":{\"id\":\"a\\u003cb\",\"acknowledged\":3,\"secondsLeft\":null}}",
                Json.of(new Status("/dev/ttyACM0", new double[] {1.5, -2, 0}, new Job("a<b", 3, Double.NaN))));
        assertEquals("[{\"port\":\"p\",\"position\":null,\"job\":null}]", Json.of(List.of(new Status("p", null, null))));
        assertEquals("[1,2]", Json.of(new int[] {1, 2}));
    }
}
