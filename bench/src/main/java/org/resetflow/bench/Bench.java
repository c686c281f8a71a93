package org.resetflow.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The benchmark harness: {@code java -jar bench/target/resetflow-bench.jar <command> [jars and options]}. Each
 * command is one benchmark of bench/README.md; what they share (starting and measuring jars, the directory and mail
 * stand-ins, the load, the tables) is written once in this package.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            if (args.length == 0) {
                usage();
                status = 2;
            } else {
                Options options = new Options(Arrays.asList(args).subList(1, args.length));
                switch (args[0]) {
                    case "throughput" -> ThroughputBench.main(options);
                    case "timing" -> TimingBench.main(options);
                    case "slow-directory" -> SlowDirectoryBench.main(options);
                    case "postgres-cluster" -> PostgresClusterBench.main(options);
                    case "bot-defence" -> BotDefenceBench.main(options);
                    case "micro" -> MicroBench.main(options);
                    default -> {
                        usage();
                        status = 2;
                    }
                }
            }
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // The HTTP clients' and the stand-in servers' pool threads would keep the JVM alive.
        System.exit(status);
    }

    private static void usage() {
        List.of("usage: java -jar bench/target/resetflow-bench.jar <command> ...   (see bench/README.md)",
                "  throughput [resetflow.jar [--label=L] [--jvm=\"opts\"] [--env=NAME=value]]... [--plain=plain.jar]",
                "             [--phases=p1,p2,seq,drain|e2e|p4] [--nmt] [--warmup=5] [--p1=20] [--users=16] ...",
                "  timing <base URL> [requests per group]",
                "  slow-directory [resetflow.jar]",
                "  postgres-cluster [resetflow.jar] [--users=8] [--seconds=20] [--warmup=5] [--drain=180]",
                "  bot-defence [resetflow.jar] [--parts=browser,server] [--runs=15] [--requests=600]",
                "  micro [JMH options, e.g. -f 1 -wi 3 -i 5]").forEach(System.err::println);
    }
}
