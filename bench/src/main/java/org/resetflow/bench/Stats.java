package org.resetflow.bench;

import java.util.Collection;

/** Percentiles and the two-sample Kolmogorov-Smirnov test over latencies in milliseconds. */
final class Stats {

    private Stats() {
    }

    static double[] sorted(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The nearest-rank quantile of sorted values; NaN for none. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    static double ksStatistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** Asymptotic p-value of the two-sample KS test (Numerical Recipes' Q_KS with the small-sample correction). */
    static double ksPValue(double d, int n1, int n2) {
        double ne = (double) n1 * n2 / (n1 + n2);
        double lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = 2 * Math.pow(-1, k - 1) * Math.exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-10) {
                break;
            }
        }
        return Math.max(0, Math.min(1, sum));
    }
}
