package org.resetflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads jstack dumps of one application: the CPU time each kind of thread used between the first and the last dump
 * (request threads, background work, JIT, GC), and where the busy request threads were.
 */
final class ThreadDumps {

    /** Package prefixes, first match from the top of a stack wins: the layer a busy request thread is in. */
    private static final String[][] LAYERS = {
            {"org.h2.", "H2"}, {"com.zaxxer.", "Hikari"}, {"org.apache.ibatis.", "MyBatis"},
            {"org.camunda.", "Camunda engine"}, {"org.thymeleaf.", "Thymeleaf"},
            {"com.github.benmanes.", "rate limiter"}, {"io.github.bucket4j.", "rate limiter"},
            {"org.springframework.security.", "Spring Security"}, {"org.springframework.jdbc.", "Spring JDBC"},
            {"org.springframework.transaction.", "Spring transactions"},
            {"org.resetflow.", "ResetFlow"}, {"org.springframework.", "Spring MVC"},
            {"org.apache.catalina.", "Tomcat"}, {"org.apache.coyote.", "Tomcat"}, {"org.apache.tomcat.", "Tomcat"}};
    private static final Pattern CPU = Pattern.compile("^\"([^\"]+)\".* cpu=([0-9.]+)ms", Pattern.MULTILINE);

    /** CPU seconds per kind of thread between the first and the last dump. */
    final Map<String, Double> cpuSeconds = new TreeMap<>();
    /** Lines saying where the request threads were. */
    final List<String> summary = new ArrayList<>();

    /**
     * Background: Camunda's job executor, Spring's scheduler and the application's own HTTP client (its SCIM
     * calls); request threads: Tomcat's http-nio-*-exec-*.
     */
    static String kind(String thread) {
        if (thread.startsWith("http-nio-") && thread.contains("-exec-")) {
            return "request threads";
        }
        if (thread.startsWith("camundaTaskExecutor") || thread.startsWith("JobExecutor[")
                || thread.startsWith("scheduling-") || thread.startsWith("HttpClient-")) {
            return "background";
        }
        return thread.contains("CompilerThread") ? "JIT"
                : thread.startsWith("GC ") || thread.startsWith("G1 ") ? "GC" : "other";
    }

    ThreadDumps(List<String> files) {
        Map<String, Integer> sites = new TreeMap<>();
        Map<String, Double> firstCpu = new TreeMap<>();
        Map<String, Double> lastCpu = new TreeMap<>();
        int busy = 0;
        int threads = 0;
        for (int i = 0; i < files.size(); i++) {
            String text;
            try {
                text = Files.readString(Path.of(files.get(i)));
            } catch (Exception e) {
                continue;
            }
            Map<String, Double> cpuByKind = i == 0 ? firstCpu : i == files.size() - 1 ? lastCpu : new TreeMap<>();
            Matcher threadCpu = CPU.matcher(text);
            while (threadCpu.find()) {
                cpuByKind.merge(kind(threadCpu.group(1)), Double.parseDouble(threadCpu.group(2)) / 1000, Double::sum);
            }
            for (String block : text.split("\n\n")) {
                if (!block.startsWith("\"") || !kind(block.substring(1, block.indexOf('"', 1)))
                        .equals("request threads")) {
                    continue;
                }
                List<String> frames = block.lines().filter(l -> l.trim().startsWith("at "))
                        .map(l -> l.trim().substring(3)).toList();
                boolean idle = frames.stream().limit(8).anyMatch(fr -> fr.contains("TaskQueue.take")
                        || fr.contains("TaskQueue.poll") || fr.contains("ThreadPoolExecutor.getTask"));
                threads++;
                if (frames.isEmpty() || idle) {
                    continue;
                }
                busy++;
                String state = block.lines().filter(l -> l.contains("java.lang.Thread.State:")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim().split(" ")[0]).orElse("?");
                String site = frames.stream().filter(f -> f.startsWith("org.resetflow.")).findFirst()
                        .map(ThreadDumps::shorten).orElse("-");
                sites.merge(String.format("%-8s %-18s in %s", state, layer(frames), site), 1, Integer::sum);
            }
        }
        lastCpu.forEach((k, v) -> cpuSeconds.put(k, v - firstCpu.getOrDefault(k, 0.0)));
        summary.add(String.format("CPU seconds between the first and the last dump: %s", cpuSeconds.entrySet()
                .stream().map(e -> String.format("%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "))));
        summary.add(String.format("%d of %d request-thread samples busy:", busy, threads));
        sites.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(e -> summary.add(String.format("%3d  %s", e.getValue(), e.getKey())));
    }

    private static String layer(List<String> frames) {
        for (String frame : frames) {
            for (String[] l : LAYERS) {
                if (frame.startsWith(l[0])) {
                    return l[1];
                }
            }
        }
        return "JDK";
    }

    private static String shorten(String frame) {
        return frame.replaceAll("\\(.*\\)", "").replaceAll("^([\\w$]+\\.)+(?=[\\w$]+\\.[\\w$<>]+$)", "");
    }
}
