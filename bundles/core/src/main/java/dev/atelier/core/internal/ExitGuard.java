package dev.atelier.core.internal;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps a plugin from ending the host: as a plugin's class is loaded, its calls of {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} become calls of {@link dev.atelier.core.guard.Exits}, which
 * throw, so the step fails with a message instead of the JVM ending under the shell, the Studio and every
 * other job (an OSGi weaving hook; ASM rewrites the calls). The host's own bundles (embedded in atelier.jar,
 * or from the folders beside it) are left as they are: the batch command halts on purpose after a second
 * Ctrl-C. Reflection can still reach {@code System.exit}; this catches the plain call a ported tool makes.
 */
@Component(service = {}, immediate = true)
public class ExitGuard implements WeavingHook {
    private org.osgi.framework.ServiceRegistration<WeavingHook> registration;

    private org.osgi.framework.BundleContext context;
    private org.osgi.framework.SynchronousBundleListener installs;

    // registered by hand, not as a component's service: Felix asks the hook about every class it defines,
    // SCR's own classes too, and a hook SCR had to activate first was a circular reference. And only once a bundle
    // that is not the host's own is there: while one is registered, Felix passes every class any bundle defines
    // through it, Jetty's and SCR's too (a start without it: 60-110 ms less CPU, docs/benchmarks.md)
    @org.osgi.service.component.annotations.Activate
    void activate(org.osgi.framework.BundleContext context) {
        // never weave this bundle: ASM's classes load from it while a plugin's class is woven, and asking the hook
        // about them again was a cycle
        self = context.getBundle();
        this.context = context;
        // told synchronously, inside installBundle: before the new bundle can resolve, so before any class of it loads
        installs = event -> {
            if (event.getType() == org.osgi.framework.BundleEvent.INSTALLED && guarded(event.getBundle())) register();
        };
        context.addBundleListener(installs);
        // the listener first, then those already there: a bundle installed in between is seen at least once
        for (Bundle b : context.getBundles()) {
            if (guarded(b)) {
                register();
                break;
            }
        }
    }

    private synchronized void register() {
        if (registration != null || context == null) return;
        try {
            registration = context.registerService(WeavingHook.class, this, null);
        } catch (IllegalStateException stopping) {
            // the core bundle is stopping: no plugin is loaded by this host any more
        }
    }

    private volatile Bundle self;
    /** hostOwn per bundle id, worked out once (a library bundle defines thousands of classes). */
    private final java.util.Map<Long, Boolean> own = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ExitGuard.class.getName());

    /** Whether the bundle's classes are woven: neither this bundle nor one of the host's own. */
    private boolean guarded(Bundle bundle) {
        return !bundle.equals(self) && !own.computeIfAbsent(bundle.getBundleId(), id -> hostOwn(bundle));
    }

    @org.osgi.service.component.annotations.Deactivate
    synchronized void deactivate() {
        try {
            context.removeBundleListener(installs);
            if (registration != null) registration.unregister();
        } catch (IllegalStateException gone) {
            // the framework is stopping
        }
        registration = null;
        context = null;
    }

    private static final String EXITS = "dev/atelier/core/guard/Exits";
    private static final byte[] SYSTEM = "java/lang/System".getBytes(StandardCharsets.UTF_8), RUNTIME = "java/lang/Runtime".getBytes(StandardCharsets.UTF_8);

    @Override public void weave(WovenClass woven) {
        Bundle bundle = woven.getBundleWiring().getBundle();
        if (!guarded(bundle)) return;
        byte[] bytes = woven.getBytes();
        // most classes never name System or Runtime: a byte scan spares them the parse
        if (indexOf(bytes, SYSTEM) < 0 && indexOf(bytes, RUNTIME) < 0) return;
        try {
            byte[] rewritten = Rewriter.rewrite(bytes);
            if (rewritten != null) {
                woven.setBytes(rewritten);
                woven.getDynamicImports().add("dev.atelier.core.guard");
            }
        } catch (RuntimeException | LinkageError e) {
            // a class ASM cannot read (a newer class file version) loads as it is: a hook that throws fails the
            // class and is never asked again, for any bundle
            LOG.warning("could not check " + woven.getClassName() + " (bundle " + bundle.getSymbolicName() + ") for System.exit calls: " + e);
        }
    }

    /** The host's own: embedded in atelier.jar (the launcher's "jar/..." locations), the system bundle, the lib/ and Studio sets beside it. */
    static boolean hostOwn(Bundle bundle) {
        String location = bundle.getLocation();
        if (bundle.getBundleId() == 0 || location.startsWith("jar/")) return true;
        String jar = System.getProperty("java.class.path", "");
        if (!location.startsWith("reference:file:") || !jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) return false;
        java.nio.file.Path parent = java.nio.file.Path.of(jar).toAbsolutePath().getParent();
        if (parent == null) return false;
        try {
            java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(location.substring("reference:".length()))).normalize();
            // lib/, studio/ ...: a folder right beside atelier.jar; deploy/ lives in the home, never there
            return p.getParent() != null && parent.equals(p.getParent().getParent());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** ASM's part, in a class of its own so that a host with no plugin to weave never loads ASM (not even to verify ExitGuard). */
    static final class Rewriter {
        private Rewriter() { }

        /** The class with its exit and halt calls redirected, or null when it makes none. */
        static byte[] rewrite(byte[] bytes) {
            ClassReader reader = new ClassReader(bytes);
            // the replacement takes the same arguments off the stack, so no frame or maximum changes: COMPUTE nothing
            ClassWriter writer = new ClassWriter(reader, 0);
            boolean[] changed = {false};
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                        @Override public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && method.equals("exit") && desc.equals("(I)V")) {
                                changed[0] = true;
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, EXITS, "exit", "(I)V", false);
                            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime") && (method.equals("exit") || method.equals("halt"))
                                    && desc.equals("(I)V")) {
                                changed[0] = true;
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, EXITS, method, "(Ljava/lang/Runtime;I)V", false);
                            } else {
                                super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                            }
                        }
                    };
                }
            }, 0);
            return changed[0] ? writer.toByteArray() : null;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
