package org.resetflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jar the harness started as a process of its own, and what the harness reads about it from outside: readiness,
 * CPU time and memory from /proc, the JVM's view through jcmd, jstat and jstack. Everything the application is asked
 * goes through its process id, so a measured application carries no agent and no bench code.
 */
final class App implements AutoCloseable {

    /**
     * A jar to measure and how to launch it: JVM options, environment (e.g. MALLOC_ARENA_MAX) and application
     * arguments of its own; {@code script}: run the jar itself, through the launch script the build embeds in it
     * (with its own JVM settings; the options here then go in JAVA_OPTS, after the script's), not with java -jar.
     */
    record Launch(String label, String jar, List<String> jvmOptions, Map<String, String> environment,
                  List<String> arguments, boolean script) {

        Launch(String label, String jar) {
            this(label, jar, List.of(), Map.of(), List.of(), false);
        }

        /** Positional argument {@code index} as a jar, with the --jvm, --env, --arg and --label written after it. */
        static Launch of(Options options, int index) {
            String jar = options.positional().get(index);
            Map<String, List<String>> own = options.of(index);
            List<String> jvm = new ArrayList<>();
            own.getOrDefault("jvm", List.of()).forEach(v -> jvm.addAll(List.of(v.trim().split("\\s+"))));
            Map<String, String> env = new LinkedHashMap<>();
            own.getOrDefault("env", List.of()).forEach(v -> env.put(v.substring(0, v.indexOf('=')),
                    v.substring(v.indexOf('=') + 1)));
            String label = own.getOrDefault("label", List.of(Path.of(jar).getFileName().toString()
                    .replaceFirst("\\.jar$", ""))).get(0);
            return new Launch(label, jar, jvm, env, own.getOrDefault("arg", List.of()), own.containsKey("script"));
        }

        Launch withJvmOptions(List<String> more) {
            List<String> all = new ArrayList<>(more);
            all.addAll(jvmOptions);
            return new Launch(label, jar, all, environment, arguments, script);
        }
    }

    final Launch launch;
    final int port;
    final String base;
    final Path log;
    private final Process process;
    private long pid;

    private App(Launch launch, int port, Path log, Process process) {
        this.launch = launch;
        this.port = port;
        this.base = "http://localhost:" + port;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar at -Xmx384m (unless its options set a heap) on a free port, its output into a log file. */
    static App start(Launch launch, int port, List<String> applicationArguments) throws Exception {
        awaitJar(Path.of(launch.jar()));
        Path log = Files.createTempFile("bench-" + launch.label() + "-", ".log");
        List<String> jvm = new ArrayList<>();
        if (launch.jvmOptions().stream().noneMatch(o -> o.startsWith("-Xmx"))) {
            jvm.add("-Xmx384m");
        }
        jvm.addAll(launch.jvmOptions());
        List<String> command = new ArrayList<>();
        if (launch.script()) {
            command.add(Path.of(launch.jar()).toAbsolutePath().toString());
        } else {
            command.add(Machine.jdkTool("java"));
            command.addAll(jvm);
            command.addAll(List.of("-jar", launch.jar()));
        }
        command.addAll(applicationArguments);
        command.addAll(launch.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (launch.script()) {
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS", String.join(" ", jvm));
        }
        builder.environment().putAll(launch.environment());
        return new App(launch, port, log, builder.start());
    }

    /**
     * A jar that is still being built when the run starts (the run's first jars are measured meanwhile) is waited for,
     * up to 30 minutes; it must appear at once, complete (moved into place, not copied).
     */
    private static void awaitJar(Path jar) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        if (!Files.exists(jar)) {
            System.out.println("waiting for " + jar);
        }
        while (!Files.exists(jar) && System.nanoTime() < until) {
            Thread.sleep(5000);
        }
    }

    /** The JVM's process id: with the launch script, the script's child. */
    long pid() {
        if (pid == 0) {
            pid = launch.script() ? process.toHandle().descendants().filter(p -> p.info().command()
                    .map(c -> c.endsWith("java")).orElse(false)).findFirst().map(ProcessHandle::pid)
                    .orElse(process.pid()) : process.pid();
        }
        return pid;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code path} answers 200 (at most 4 minutes: a loaded machine starts a Camunda jar slowly). */
    App awaitUp(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 480; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException(launch.label() + " exited with " + process.exitValue() + ", see "
                        + log);
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no answer at " + base + path);
    }

    /** utime + stime of the whole process in milliseconds, from /proc/pid/stat (USER_HZ 100). */
    long cpuMillis() {
        return cpuMillis(pid());
    }

    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    /** VmHWM (peak resident size), VmRSS (KiB) and Threads from /proc/pid/status. */
    Map<String, Long> status() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmHWM") || line.startsWith("VmRSS") || line.startsWith("Threads")) {
                    values.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (Exception e) {
            // not Linux, or gone
        }
        return values;
    }

    String jcmd(String... command) {
        List<String> args = new ArrayList<>(List.of(Machine.jdkTool("jcmd"), String.valueOf(pid())));
        args.addAll(List.of(command));
        return run(args);
    }

    long maxHeapBytes() {
        Matcher m = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)").matcher(jcmd("VM.flags"));
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        Matcher flag = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(jcmd("VM.flags"));
        return flag.find() ? Long.parseLong(flag.group(1)) : -1;
    }

    /**
     * Committed KiB per area of the JVM's native memory tracking ("Java Heap", "Class", "Thread", "Code", "GC",
     * "Internal", "Other", ...), plus "Total"; empty when the JVM runs without -XX:NativeMemoryTracking.
     */
    Map<String, Long> nativeMemory() {
        Map<String, Long> areas = new LinkedHashMap<>();
        String text = jcmd("VM.native_memory", "summary");
        Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        if (total.find()) {
            areas.put("Total", Long.parseLong(total.group(1)));
        }
        Matcher area = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                .matcher(text);
        while (area.find()) {
            areas.put(area.group(1).trim(), Long.parseLong(area.group(2)));
        }
        Matcher threads = Pattern.compile("\\(thread #(\\d+)\\)").matcher(text);
        if (threads.find()) {
            areas.put("threads (count)", Long.parseLong(threads.group(1)));
        }
        return areas;
    }

    /** jstat -gcutil: FGC (full collections), GCT (seconds in GC), O (old generation, % used). */
    Map<String, Double> gcUtil() {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> lines = run(List.of(Machine.jdkTool("jstat"), "-gcutil", String.valueOf(pid()))).lines()
                .toList();
        if (lines.size() < 2) {
            return values;
        }
        String[] names = lines.get(0).trim().split("\\s+");
        String[] numbers = lines.get(1).trim().split("\\s+");
        for (int i = 0; i < names.length && i < numbers.length; i++) {
            try {
                values.put(names[i], Double.parseDouble(numbers[i]));
            } catch (NumberFormatException e) {
                // "-" for a column the collector does not have
            }
        }
        return values;
    }

    /** A jstack dump into a temporary file; its path. */
    String threadDump() {
        try {
            Path file = Files.createTempFile("bench-" + launch.label() + "-jstack", ".txt");
            Files.writeString(file, run(List.of(Machine.jdkTool("jstack"), String.valueOf(pid()))));
            return file.toString();
        } catch (Exception e) {
            return "jstack failed: " + e;
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            tool.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        // Through the launch script the JVM is the script's child, which the script's end does not stop.
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
