package org.resetflow.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

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
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(jmh);
        if (jmh.getIncludes().isEmpty()) {
            builder.include("org\\.resetflow\\.(token|botdefence|demo)\\..*Benchmark");
        }
        System.out.println(Machine.describe());
        new Runner(builder.build()).run();
    }
}
