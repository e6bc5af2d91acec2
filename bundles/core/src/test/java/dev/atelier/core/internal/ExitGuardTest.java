package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The rewriting itself, on a class as javac compiles it, loaded apart from the test's own copy. */
class ExitGuardTest {
    /** Never run as it is: only its rewritten copy is. */
    public static final class Quitter {
        public static void system() { System.exit(7); }
        public static void runtime() { Runtime.getRuntime().exit(8); }
        public static void halt() { Runtime.getRuntime().halt(9); }
        public static int harmless() { return (int) Math.signum(System.nanoTime()) + 1; }
    }

    private static byte[] bytes(Class<?> c) throws Exception {
        // "ExitGuardTest$Quitter.class", beside this class
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test void exitAndHaltCallsThrowInTheRewrittenClassAndOthersAreLeftAlone() throws Exception {
        byte[] rewritten = ExitGuard.Rewriter.rewrite(bytes(Quitter.class));
        assertNotNull(rewritten, "the class calls exit and halt");
        Class<?> copy = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() { return defineClass(Quitter.class.getName(), rewritten, 0, rewritten.length); }
        }.define();
        String[][] cases = {{"system", "System.exit(7)"}, {"runtime", "Runtime.exit(8)"}, {"halt", "Runtime.halt(9)"}};
        for (String[] c : cases) {
            Method m = copy.getMethod(c[0]);
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null));
            assertEquals(SecurityException.class, e.getCause().getClass(), c[0]);
            assertEquals(c[1] + " called by a plugin: refused, the host goes on (a plugin reports a failure by throwing an exception)", e.getCause().getMessage());
        }
        assertEquals(2, copy.getMethod("harmless").invoke(null), "other calls of System run as before");
        assertNull(ExitGuard.Rewriter.rewrite(bytes(ExitGuardTest.class)), "a class that never exits is not rewritten");
    }
}
