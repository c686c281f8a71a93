package org.resetflow.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code micro}: the JMH benchmarks of ResetFlow's server-side operations (token derivation and look-up hash, the
 * bot defence's verification, the demo directory's password verification), against the main build's classes, which
 * must be on the class path: {@code java -cp "bench/target/resetflow-bench.jar:target/classes" ... micro}. Further
 * arguments are JMH's own (e.g. {@code -f 1 -wi 3 -i 5}, or a regular expression of the benchmarks to run).
 */
final class MicroBench {

    private MicroBench() {
    }

    static void main(Options options) throws Exception {
        CommandLineOptions jmh = new CommandLineOptions(options.positional().toArray(String[]::new));
        // Defaults for every benchmark, so each class carries only what it measures; options given to JMH win.
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(jmh);
        if (!jmh.getForkCount().hasValue()) {
            builder.forks(1);
        }
        if (!jmh.getWarmupIterations().hasValue()) {
            builder.warmupIterations(3).warmupTime(TimeValue.seconds(1));
        }
        if (!jmh.getMeasurementIterations().hasValue()) {
            builder.measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        if (jmh.getIncludes().isEmpty()) {
            builder.include("org\\.resetflow\\.(token|botdefence|demo)\\..*Benchmark");
        }
        System.out.println(Machine.describe());
        new Runner(builder.build()).run();
    }
}
