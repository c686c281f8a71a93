package org.resetflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** The machine the figures come from, printed at the top of every run: figures without it cannot be compared. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "";
        long memKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        } catch (Exception e) {
            // not Linux
        }
        return String.format("machine: %s, %d cores (%s), %d GiB, %s %s %s, %s %s; load average at start %s",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, Math.round(memKb / 1048576.0),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" 0*\\d+/")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** A JDK tool (java, jcmd, jstack, jstat) of the JDK running the harness, so every JVM is the same version. */
    static String jdkTool(String tool) {
        Path path = Path.of(System.getProperty("java.home"), "bin", tool);
        return Files.isExecutable(path) ? path.toString() : tool;
    }
}
