package dev.atelier.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./atelier spark PIPELINE INPUT OUTPUT [--master URL] [--executors N]}: the plain host's batch run on
 * Apache Spark. The driver starts a host of its own to check the pipeline (the same errors and exit code 2
 * as {@code ./atelier run}) and lists the inputs before any task starts; each executor JVM starts one host
 * reused by all its tasks. Exit codes as the plain host: 0 all done, 1 some inputs failed (listed in
 * OUTPUT/_failures.csv), 2 the command or pipeline is wrong, 3 cancelled; 4 the cluster failed the job
 * (nothing was committed).
 */
@Command(name = "atelier spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a pipeline over INPUT on Apache Spark and writes what it makes under OUTPUT.")
public final class SparkBatch implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "a pipeline's name, a descriptor file (.yaml) or a one-line chain")
    String pipeline;

    @Parameters(index = "1", paramLabel = "INPUT", description = "a folder, file or glob as a Hadoop URI (file:, hdfs:, s3a:); several separated by commas")
    String input;

    @Parameters(index = "2", paramLabel = "OUTPUT", description = "the folder outputs are written under, as the plain host writes them under its working folder")
    String output;

    @Option(names = "--master", paramLabel = "URL", description = "local[*] (default: this machine, no cluster), spark://HOST:7077, yarn, k8s://...")
    String master = "local[*]";

    @Option(names = "--executors", paramLabel = "N", description = "executors to ask for (standalone: one core each unless spark.executor.cores says more)")
    Integer executors;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting, as spark-submit takes it")
    List<String> conf = new ArrayList<>();

    @Option(names = "--atelier-jar", paramLabel = "JAR", description = "the exported host every executor starts (default: the atelier.jar property, set by ./atelier)")
    Path atelierJar;

    @Option(names = "--home", paramLabel = "DIR", description = "the Atelier home whose pipelines/ and deploy/ are used (default: ATELIER_HOME)")
    Path home;

    static final int OK = 0, SOME_FAILED = 1, USAGE = 2, CANCELLED = 3, CLUSTER_FAILED = 4;
    /** Above this many inputs, tasks take several each (a task per input keeps retries and progress fine-grained). */
    static final int MAX_TASKS = 10_000;
    /** Local files without Hadoop's .crc checksum files beside each output (a folder of pictures is for people). */
    static final String RAW_LOCAL = "org.apache.hadoop.fs.RawLocalFileSystem";
    /** The host's {@code dev.atelier.core.ImageFiles.EXTENSIONS}, repeated: the driver is compiled without the host (InputsTest keeps them equal). */
    static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "gif");

    private final PrintStream err = System.err;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkBatch());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("atelier spark: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return USAGE;
        });
        System.exit(cl.execute(args));
    }

    @Override public Integer call() {
        long t0 = System.nanoTime();
        if (atelierJar == null) atelierJar = Path.of(System.getProperty("atelier.jar", "runtime/target/atelier.jar"));
        if (home == null) home = Path.of(System.getProperty("atelier.home", System.getenv().getOrDefault("ATELIER_HOME", "runtime")));
        atelierJar = atelierJar.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
        // as spark-submit checks: without them the client retries a ResourceManager at 0.0.0.0:8032 for ever
        if (master.equals("yarn") && System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
            return usage("--master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR set to the cluster's configuration folder");
        }
        if (executors != null && executors < 1) return usage("--executors must be 1 or more, not " + executors);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String c : conf) {
            int eq = c.indexOf('=');
            if (eq <= 0) return usage("--conf " + c + ": write KEY=VALUE (e.g. --conf spark.executor.memory=2g)");
            settings.put(c.substring(0, eq).trim(), c.substring(eq + 1).trim());
        }

        EmbeddedHost host;
        List<Path> plugins;
        try {
            plugins = jarsIn(home.resolve("deploy"));
            host = EmbeddedHost.start(atelierJar, home, plugins);
        } catch (IOException e) {
            err.println("atelier spark: " + e.getMessage());
            return USAGE;
        }
        try {
            PipelineSource source;
            try {
                source = check(host, pipeline);
            } catch (PipelineException e) {
                err.println("atelier spark: " + e.getMessage());
                return USAGE;
            }
            Configuration hadoop = new Configuration();
            hadoop.set("fs.file.impl", RAW_LOCAL);
            List<String> inputs;
            try {
                org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
                FileSystem outFs = out.getFileSystem(hadoop);
                if (outFs.exists(out) && !outFs.getFileStatus(out).isDirectory()) {
                    return usage("OUTPUT " + output + " is a file; name a folder (it is made when missing)");
                }
                inputs = Inputs.list(input, hadoop, IMAGE_EXTENSIONS);
            } catch (IllegalArgumentException | IOException e) {
                err.println("atelier spark: " + e.getMessage());
                return USAGE;
            }
            return run(host, source, inputs, plugins, settings, t0);
        } finally {
            host.close();
        }
    }

    private int usage(String message) {
        err.println("atelier spark: " + message);
        return USAGE;
    }

    /** The pipeline as the plain host reads its first argument (a registered name first, then a .yaml file, then a chain), checked. */
    static PipelineSource check(EmbeddedHost host, String what) throws PipelineException {
        PipelineSource source;
        Path checkedFile = null;
        java.util.Optional<Path> registered = host.registered(what);
        if (registered.isPresent()) {
            if (host.isSystem(what)) {
                source = PipelineSource.named(what);
            } else {
                checkedFile = registered.get();
                source = PipelineSource.file(what, checkedFile.getFileName().toString(), read(checkedFile, what));
            }
        } else if ((what.endsWith(".yaml") || what.endsWith(".yml")) && Files.isRegularFile(Path.of(what))) {
            checkedFile = Path.of(what).toAbsolutePath();
            source = PipelineSource.file(what, checkedFile.getFileName().toString(), read(checkedFile, what));
        } else if (what.contains("!") || what.contains(" ") || what.contains("=")) {
            source = PipelineSource.chain(what);
        } else {
            source = PipelineSource.named(what);
        }
        Object resolved;
        try {
            // a user's file is checked where it is, so the host's messages name it and its lines
            resolved = checkedFile != null ? host.check(checkedFile, source) : host.resolve(source, null);
        } catch (IOException e) {
            throw new PipelineException(source, e.getMessage());
        }
        for (Map.Entry<String, Map<String, Object>> out : host.outputs(resolved)) {
            Object path = out.getValue().get("path");
            if (!(path instanceof String p)) {
                throw new PipelineException(source, "output '" + out.getKey() + "' does not write files; a Spark run writes only files, under "
                        + "OUTPUT (use the file output, or run this pipeline with ./atelier run)");
            }
            if (p.startsWith("/") || p.startsWith("\\") || p.matches("^[A-Za-z]:.*") || Path.of(p.replace('{', '_').replace('}', '_')).normalize().startsWith("..")) {
                throw new PipelineException(source, "output '" + out.getKey() + "': path '" + p + "' leads outside OUTPUT; in a Spark run "
                        + "every output path is relative and resolved under OUTPUT (e.g. out/{input}.png)");
            }
        }
        return source;
    }

    private static String read(Path file, String what) throws PipelineException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PipelineException(PipelineSource.named(what), "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The jars in a folder: deploy/ (hot-installed plugins, installed into every host) or lib/ (shipped to executors). */
    static List<Path> jarsIn(Path deploy) throws IOException {
        if (!Files.isDirectory(deploy)) return List.of();
        try (Stream<Path> s = Files.list(deploy)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private int run(EmbeddedHost host, PipelineSource source, List<String> inputs, List<Path> plugins, Map<String, String> settings, long t0) {
        SparkConf sc = new SparkConf().setAppName("atelier " + source.name()).setMaster(master)
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "1")
                .set("spark.hadoop.fs.file.impl", RAW_LOCAL);
        boolean local = master.startsWith("local");
        if (!local) {
            // the application and the framework its hosts run in, for executors whose Spark home has neither
            sc.set("spark.jars", jarOf(SparkBatch.class) + "," + jarOf(org.osgi.framework.launch.FrameworkFactory.class));
        }
        if (executors != null) {
            sc.set("spark.executor.instances", Integer.toString(executors));
            if (master.startsWith("spark://")) {
                String cores = settings.getOrDefault("spark.executor.cores", "1");
                sc.set("spark.executor.cores", cores);
                sc.set("spark.cores.max", Integer.toString(executors * Integer.parseInt(cores)));
            }
        }
        // native settings reach the executors' ND4J the way they reach the plain host's
        for (String env : List.of("OPENBLAS_CORETYPE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")) {
            String v = System.getenv(env);
            if (v != null) sc.set("spark.executorEnv." + env, v);
        }
        settings.forEach(sc::set);
        // an executor's JVM sees the machine's cores unless a container limits it (standalone does not): its
        // host's workers and the deblock network's tile threads are sized by what it sees, so it sees its share
        if (!local && sc.contains("spark.executor.cores")) {
            String opts = sc.get("spark.executor.extraJavaOptions", "");
            if (!opts.contains("ActiveProcessorCount")) {
                sc.set("spark.executor.extraJavaOptions", (opts + " -XX:ActiveProcessorCount=" + sc.get("spark.executor.cores")).trim());
            }
        }

        AtomicBoolean interrupted = new AtomicBoolean();
        boolean existedBefore = true;
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(sc);
        } catch (RuntimeException e) {
            err.println("atelier spark: cannot start Spark on master " + master + ": " + EmbeddedHost.cause(e));
            return USAGE;
        }
        try {
            jsc.setLogLevel("WARN");
            if (local) TaskRunner.adopt(host);
            Map<String, byte[]> shipped = new LinkedHashMap<>();
            for (Path p : plugins) shipped.put(p.getFileName().toString(), Files.readAllBytes(p));
            Map<String, String> hadoopEntries = new LinkedHashMap<>();
            jsc.hadoopConfiguration().forEach(e -> hadoopEntries.put(e.getKey(), e.getValue()));
            // on a cluster Spark ships the host to each executor (160 MB, fetched once per executor), unless the
            // workers have it at the same path (--conf spark.atelier.ship=false)
            boolean ship = !local && Boolean.parseBoolean(settings.getOrDefault("spark.atelier.ship", "true"));
            List<Path> libJars = ship ? jarsIn(atelierJar.resolveSibling(TaskRunner.SHIPPED_LIB)) : List.of();
            if (ship) {
                if (!atelierJar.getFileName().toString().equals(TaskRunner.SHIPPED_JAR)) {
                    throw new IOException("the host to ship must be named " + TaskRunner.SHIPPED_JAR + ", not " + atelierJar.getFileName());
                }
                jsc.sc().addFile(atelierJar.toUri().toString());
                for (Path jar : libJars) jsc.sc().addFile(jar.toUri().toString());
            }
            Broadcast<TaskRunner.Settings> bc = jsc.broadcast(new TaskRunner.Settings(atelierJar.toString(), ship,
                    libJars.stream().map(p -> p.getFileName().toString()).toList(), source, hadoopEntries, shipped));
            CollectionAccumulator<TaskRunner.Failure> failures = jsc.sc().collectionAccumulator("atelier failures");
            LongAccumulator done = jsc.sc().longAccumulator("atelier inputs done");

            Progress progress = new Progress(source.name(), inputs.size(), done, failures, err, System.console() != null);
            jsc.sc().addSparkListener(new SparkListener() {
                @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                    progress.update();
                }
            });
            installInterrupt(jsc, interrupted);

            existedBefore = exists(jsc.hadoopConfiguration());
            long jobStart = System.nanoTime();
            JavaRDD<String> rdd = jsc.parallelize(inputs, Math.min(inputs.size(), MAX_TASKS));
            Configuration job = new Configuration(jsc.hadoopConfiguration());
            job.set("mapreduce.output.fileoutputformat.outputdir", output);
            rdd.flatMapToPair(in -> {
                TaskRunner.Result r = TaskRunner.process(in, bc.value());
                if (r.failure() != null) failures.add(r.failure());
                done.add(1);
                return r.files().iterator();
            }).saveAsNewAPIHadoopFile(output, String.class, byte[].class, OutputFiles.class, job);
            progress.finish();

            List<TaskRunner.Failure> failed = new ArrayList<>(failures.value());
            failed.sort(java.util.Comparator.comparing(TaskRunner.Failure::input));
            Failures.write(output, failed, jsc.hadoopConfiguration());
            double secs = (System.nanoTime() - t0) / 1e9, jobSecs = (System.nanoTime() - jobStart) / 1e9;
            err.printf(Locale.ROOT, "atelier spark: %d of %d inputs done in %.1f s (the Spark job %.1f s, %.2f inputs/s) on %s; outputs under %s%s%n",
                    inputs.size() - failed.size(), inputs.size(), secs, jobSecs, inputs.size() / jobSecs, master, output,
                    failed.isEmpty() ? "" : "; " + failed.size() + " failed, listed in " + Failures.path(output));
            for (TaskRunner.Failure f : failed.subList(0, Math.min(5, failed.size()))) {
                err.println("  " + f.input() + ": " + f.step() + ": " + f.error());
            }
            return failed.isEmpty() ? OK : SOME_FAILED;
        } catch (Exception e) { // Spark's Scala code throws checked SparkExceptions undeclared
            removeIfCreatedAndEmpty(jsc.hadoopConfiguration(), existedBefore);
            if (interrupted.get()) {
                err.println("atelier spark: cancelled; nothing of this run was committed under " + output);
                return CANCELLED;
            }
            err.println("atelier spark: the Spark job failed and nothing of it was committed under " + output + ": " + rootMessage(e));
            return CLUSTER_FAILED;
        } finally {
            jsc.stop();
        }
    }

    private boolean exists(Configuration conf) {
        try {
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
            return out.getFileSystem(conf).exists(out);
        } catch (IOException e) {
            return true;
        }
    }

    /** A run that committed nothing leaves no empty OUTPUT folder of its own making behind. */
    private void removeIfCreatedAndEmpty(Configuration conf, boolean existedBefore) {
        if (existedBefore) return;
        try {
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
            FileSystem fs = out.getFileSystem(conf);
            if (fs.exists(out) && fs.listStatus(out).length == 0) fs.delete(out, false);
        } catch (IOException ignored) {
            // left as it is: the message says nothing was committed
        }
    }

    /** Ctrl-C cancels the Spark job (its output committer then removes the uncommitted files) and the run exits 3. */
    @SuppressWarnings("restriction")
    private static void installInterrupt(JavaSparkContext jsc, AtomicBoolean interrupted) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
                interrupted.set(true);
                System.err.println("\natelier spark: cancelling (Ctrl-C)...");
                jsc.cancelAllJobs();
            });
        } catch (IllegalArgumentException unsupported) {
            // no SIGINT here (the JVM was started with -Xrs): the default ending stays
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        String top = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        return top.contains(m) ? top.lines().findFirst().orElse(top) : top.lines().findFirst().orElse(top) + " (" + m + ")";
    }

    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find the jar of " + type.getName() + ": " + e, e);
        }
    }

    /** OUTPUT/_failures.csv: input, step, error; written under a temporary name and renamed, removed when nothing failed. */
    static final class Failures {
        private Failures() { }

        static String path(String output) {
            return new org.apache.hadoop.fs.Path(output, "_failures.csv").toString();
        }

        static void write(String output, List<TaskRunner.Failure> failed, Configuration conf) throws IOException {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(output, "_failures.csv");
            FileSystem fs = target.getFileSystem(conf);
            if (failed.isEmpty()) {
                fs.delete(target, false);
                return;
            }
            org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(output, "._failures.csv.tmp");
            try (FSDataOutputStream out = fs.create(temp, true)) {
                StringBuilder sb = new StringBuilder("input,step,error\n");
                for (TaskRunner.Failure f : failed) sb.append(csv(f.input())).append(',').append(csv(f.step())).append(',').append(csv(f.error())).append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(target, false);
            if (!fs.rename(temp, target)) throw new IOException("cannot rename " + temp + " to " + target);
        }

        /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
        static String csv(String v) {
            if (v == null) return "";
            return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
        }
    }

    /**
     * The plain host's progress bar ({@code label [####....] 45% 9/20 files 12.3s eta 15s (1 failed)}), fed by a
     * Spark listener as tasks end: redrawn in place on a terminal, a line per change (at most one a second) otherwise.
     */
    static final class Progress {
        private static final int WIDTH = 30;
        private final String label;
        private final int total;
        private final LongAccumulator done;
        private final CollectionAccumulator<TaskRunner.Failure> failures;
        private final PrintStream out;
        private final boolean terminal;
        private final long start = System.nanoTime();
        private long lastPrinted;
        private long lastDone = -1;

        Progress(String label, int total, LongAccumulator done, CollectionAccumulator<TaskRunner.Failure> failures, PrintStream out, boolean terminal) {
            this.label = label;
            this.total = total;
            this.done = done;
            this.failures = failures;
            this.out = out;
            this.terminal = terminal;
        }

        synchronized void update() {
            long d = done.value();
            long now = System.nanoTime();
            if (d == lastDone || (!terminal && d < total && now - lastPrinted < 1_000_000_000L)) return;
            lastDone = d;
            lastPrinted = now;
            out.print(terminal ? "\r" + bar(d) : bar(d) + "\n");
            out.flush();
        }

        synchronized void finish() {
            long d = done.value();
            if (d != lastDone) out.print(terminal ? "\r" + bar(d) : bar(d) + "\n");
            if (terminal) out.print("\n");
            out.flush();
        }

        private String bar(long d) {
            double p = total == 0 ? 1 : (double) d / total;
            int filled = (int) Math.round(p * WIDTH);
            double secs = (System.nanoTime() - start) / 1e9;
            String eta = p > 0.02 && p < 1 ? String.format(Locale.ROOT, " eta %.0fs", secs / p - secs) : "";
            int failed = failures.value().size();
            return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %d/%d files %.1fs %.2f files/s%s%s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                    100 * p, d, total, secs, secs > 0 ? d / secs : 0, eta, failed > 0 ? " (" + failed + " failed)" : "");
        }
    }
}
