import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does the reset request page answer in the same time whether or not the account exists?
 *
 * Sends N requests for existing accounts and N for unknown ones, interleaved (existing, unknown, existing, ...),
 * after a warm-up, and prints both medians, both 99th percentiles and the two-sample Kolmogorov-Smirnov statistic
 * with its asymptotic p-value. A large p-value means the two timing distributions cannot be told apart.
 *
 * Run (JDK 17, single-file source launch), against ResetFlow started in demo mode with the rate limits raised:
 *   java bench/RequestTimingBench.java http://localhost:8080 2000
 */
public class RequestTimingBench {

    // Same count, same shapes and lengths, repeated the same way: only the accounts' existence differs.
    private static final String[] EXISTING = {"alice", "bob", "alice@example.org", "bob@example.org"};
    private static final String[] UNKNOWN = {"alica", "bod", "alica@example.org", "bod@example.org"};

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrf = csrfToken(http, base);

        for (int i = 0; i < 200; i++) {
            post(http, base, csrf, i % 2 == 0 ? EXISTING[i % EXISTING.length] : UNKNOWN[i % UNKNOWN.length]);
        }
        double[] existing = new double[n];
        double[] unknown = new double[n];
        for (int i = 0; i < n; i++) {
            existing[i] = post(http, base, csrf, EXISTING[i % EXISTING.length]);
            unknown[i] = post(http, base, csrf, UNKNOWN[i % UNKNOWN.length]);
        }
        Arrays.sort(existing);
        Arrays.sort(unknown);
        double d = ksStatistic(existing, unknown);
        System.out.printf("requests per group: %d (after 200 warm-up requests)%n", n);
        System.out.printf("existing accounts: median %.3f ms, p99 %.3f ms%n", quantile(existing, 0.5), quantile(existing, 0.99));
        System.out.printf("unknown accounts:  median %.3f ms, p99 %.3f ms%n", quantile(unknown, 0.5), quantile(unknown, 0.99));
        System.out.printf("Kolmogorov-Smirnov D = %.4f, p = %.4f%n", d, ksPValue(d, n, n));
    }

    private static String csrfToken(HttpClient http, String base) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("No CSRF token on " + base + "/");
        }
        return m.group(1);
    }

    /** One request; returns its latency in milliseconds. */
    private static double post(HttpClient http, String base, String csrf, String identifier) throws Exception {
        String body = "identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/request"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for a request");
        }
        return ms;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double ksStatistic(double[] a, double[] b) {
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
    private static double ksPValue(double d, int n1, int n2) {
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
