package dev.atelier.studio.internal;

import dev.atelier.studio.panel.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardTest {
    final Guard guard = new Guard("abc123");

    @Test void theTokenInAnyOfItsThreePlacesLetsALoopbackRequestIn() {
        assertNull(guard.refuse("127.0.0.1:8765", null, "abc123", null, null));
        assertNull(guard.refuse("localhost:8765", null, null, "abc123", null));
        assertNull(guard.refuse("[::1]:8765", null, null, null, "abc123"));
        assertNull(guard.refuse("127.0.0.1:8765", "http://127.0.0.1:8765", null, "abc123", null));
    }

    @Test void noTokenOrAWrongOneIsRefused() {
        assertTrue(guard.refuse("127.0.0.1:8765", null, null, null, null).contains("no valid token"));
        assertNotNull(guard.refuse("127.0.0.1:8765", null, "abc124", "abc12", "ABC123"));
    }

    @Test void anotherHostNameIsRefusedEvenWithTheToken() {
        // DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends its own name as Host
        assertTrue(guard.refuse("evil.example:8765", null, "abc123", "abc123", null).contains("Host"));
        assertNotNull(guard.refuse("192.168.1.5:8765", null, "abc123", null, null));
        assertNotNull(guard.refuse(null, null, "abc123", null, null));
        assertNotNull(guard.refuse("", null, "abc123", null, null));
    }

    @Test void aCrossSiteOriginIsRefusedEvenWithTheCookie() {
        assertTrue(guard.refuse("127.0.0.1:8765", "http://evil.example", null, "abc123", null).contains("another site"));
        assertNotNull(guard.refuse("127.0.0.1:8765", "http://127.0.0.1:9999", null, "abc123", null));
        assertNotNull(guard.refuse("127.0.0.1:8765", "null", null, "abc123", null));
        assertNotNull(guard.refuse("127.0.0.1:8765", "::bad::", null, "abc123", null));
    }

    @Test void jsonEscapesWhatCouldBreakOutOfAString() {
        assertEquals("{\"a\":[1,2.5,null,true,\"x\\\"\\u003c/script>\\n\"]}",
                Json.of(Map.of("a", List.of(1, 2.5, Double.NaN, true, "x\"</script>\n"))));
        assertEquals("\"\\u0001\"", Json.of("\u0001"));
    }
}
