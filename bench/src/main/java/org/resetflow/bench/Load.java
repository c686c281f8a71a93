package org.resetflow.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HTTP load on the reset request page, with the JDK's HttpClient: virtual users that each GET the form once, keep
 * its cookies and CSRF field, and POST identifiers. Three shapes: a closed loop (each user sends when its answer
 * came), an open loop paced by a fixed-rate scheduler (latency from the due time, so a stall counts for every request
 * due during it: no coordinated omission), and one request at a time. The JDK client because it needs nothing on the
 * class path, does HTTP/1.1 keep-alive and asynchronous sends for the open loop, and a library (Gatling, wrk2) would
 * add a second runtime for three loops of some forty lines each.
 */
final class Load {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String ACCEPTED = "Check your mail";

    /** One measured phase: latencies of accepted answers, errors, and the wall time it took. */
    record Phase(double[] millis, int errors, double seconds) {

        static Phase of(List<Double> millis, int errors, double seconds) {
            return new Phase(Stats.sorted(millis), errors, seconds);
        }

        int ok() {
            return millis.length;
        }

        double rate() {
            return millis.length / seconds;
        }

        double percentile(double p) {
            return Stats.quantile(millis, p / 100);
        }
    }

    /** A virtual user: its cookies (session or CSRF cookie) and the CSRF field of its form. */
    static final class VirtualUser {
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        volatile String csrf;

        String cookieHeader() {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
        }

        void keepCookies(HttpResponse<?> response) {
            for (String header : response.headers().allValues("set-cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
    }

    final String base;
    /** A new client (and connection pool) per phase: no phase meets another one's stale keep-alive connections. */
    volatile HttpClient http;
    final AtomicLong acceptedKnown = new AtomicLong();
    final AtomicLong acceptedUnknown = new AtomicLong();
    /** Identifiers: known ones exist in the directory, unknown ones have the same lengths. */
    private final IntFunction<String> knownName;
    private final IntFunction<String> unknownName;
    private final int names;

    Load(String base, int names) {
        this(base, names, n -> "user" + n, n -> "nobody" + n);
    }

    Load(String base, int names, IntFunction<String> knownName, IntFunction<String> unknownName) {
        this.base = base;
        this.names = names;
        this.knownName = knownName;
        this.unknownName = unknownName;
        freshClient();
    }

    void freshClient() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String identifier(boolean known) {
        int n = 1 + ThreadLocalRandom.current().nextInt(names);
        return known ? knownName.apply(n) : unknownName.apply(n);
    }

    VirtualUser newUser() throws Exception {
        return newUser("/");
    }

    /** A user that opened {@code path} (a page with a form); null when the page has no CSRF field. */
    VirtualUser newUser(String path) throws Exception {
        VirtualUser user = new VirtualUser();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(40)).GET().build(), HttpResponse.BodyHandlers.ofString());
        user.keepCookies(form);
        Matcher m = CSRF.matcher(form.body());
        if (form.statusCode() != 200 || !m.find()) {
            if (path.equals("/")) {
                throw new IllegalStateException("no form with a CSRF field at " + base + "/ (HTTP "
                        + form.statusCode() + ")");
            }
            return null;
        }
        user.csrf = m.group(1);
        return user;
    }

    /** A form POST as this user: its cookies, its CSRF field and the given fields. */
    HttpRequest post(VirtualUser user, String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", user.csrf);
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        String cookie = user.cookieHeader();
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    HttpRequest request(VirtualUser user, String identifier) {
        return post(user, "/request", Map.of("identifier", identifier));
    }

    /** Sends one reset request and times it; NaN when it was not accepted. */
    double timedRequest(VirtualUser user, String identifier, boolean known) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request(user, identifier), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            return accepted(user, response, known) ? ms : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    boolean accepted(VirtualUser user, HttpResponse<String> response, boolean known) {
        user.keepCookies(response);
        boolean ok = response.statusCode() == 200 && response.body().contains(ACCEPTED);
        if (ok) {
            (known ? acceptedKnown : acceptedUnknown).incrementAndGet();
        }
        return ok;
    }

    List<VirtualUser> users(int n) throws Exception {
        List<VirtualUser> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(newUser());
        }
        return users;
    }

    /** n users, each sending as soon as its previous answer arrived; optional thread dumps at 1/4, 1/2, 3/4. */
    Phase closedLoop(int n, Duration duration, Runnable dump) throws Exception {
        return closedLoop(n, duration, dump, () -> ThreadLocalRandom.current().nextBoolean());
    }

    Phase closedLoop(int n, Duration duration, Runnable dump, BooleanSupplier known) throws Exception {
        freshClient();
        List<VirtualUser> vus = users(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(n);
        for (VirtualUser vu : vus) {
            pool.submit(() -> {
                try {
                    while (System.nanoTime() < end) {
                        boolean k = known.getAsBoolean();
                        double ms = timedRequest(vu, identifier(k), k);
                        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                        if (Double.isNaN(ms)) {
                            errors.incrementAndGet();
                        } else {
                            millis.add(ms);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (dump != null) {
            for (int q = 1; q <= 3; q++) {
                long at = start + duration.toNanos() * q / 4;
                Thread.sleep(Math.max(0, (at - System.nanoTime()) / 1_000_000));
                dump.run();
            }
        }
        done.await();
        pool.shutdown();
        return Phase.of(millis, errors.get(), (Math.max(lastEnd.get(), end) - start) / 1e9);
    }

    /**
     * Open loop: request k is due at start + k/rate, sent asynchronously whatever happened to the others, and its
     * latency runs from that due time, so a stall shows as the latency of everything scheduled during it.
     */
    Phase paced(int perSecond, Duration duration, int userCount, boolean knownOnly) throws Exception {
        freshClient();
        List<VirtualUser> vus = users(userCount);
        long interval = 1_000_000_000L / perSecond;
        long total = duration.toNanos() / interval;
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        CountDownLatch answered = new CountDownLatch((int) total);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 50_000_000L;
        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> {
            // Catch up on every send that is due: a late tick never skips one.
            long due;
            while ((due = sent.get()) < total && start + due * interval <= System.nanoTime()) {
                long k = sent.getAndIncrement();
                long scheduled = start + k * interval;
                VirtualUser vu = vus.get((int) (k % vus.size()));
                boolean known = knownOnly || ThreadLocalRandom.current().nextBoolean();
                http.sendAsync(request(vu, identifier(known)), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            long t1 = System.nanoTime();
                            lastEnd.accumulateAndGet(t1, Math::max);
                            if (failure == null && accepted(vu, response, known)) {
                                millis.add((t1 - scheduled) / 1e6);
                            } else {
                                errors.incrementAndGet();
                            }
                            answered.countDown();
                        });
            }
        }, 50_000_000L, Math.max(1, interval / 4), TimeUnit.NANOSECONDS);
        boolean all = answered.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        ticks.cancel(false);
        scheduler.shutdown();
        int unanswered = all ? 0 : (int) answered.getCount();
        return Phase.of(millis, errors.get() + unanswered,
                (Math.max(lastEnd.get(), start + duration.toNanos()) - start) / 1e9);
    }

    /**
     * One request at a time, n known and n unknown in the given order ({@code shuffled}: a fixed shuffle, otherwise
     * alternating), stopping early at the time limit: both latency sets sorted, and the number of failed requests.
     */
    Sequential sequential(int n, Duration limit, boolean shuffled) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        freshClient();
        VirtualUser vu = newUser();
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(true);
            order.add(false);
        }
        if (shuffled) {
            Collections.shuffle(order, new Random(42));
        }
        List<Double> known = new ArrayList<>();
        List<Double> unknown = new ArrayList<>();
        int errors = 0;
        for (boolean k : order) {
            if (System.nanoTime() > end) {
                break;
            }
            double ms = timedRequest(vu, identifier(k), k);
            if (Double.isNaN(ms)) {
                errors++;
            } else {
                (k ? known : unknown).add(ms);
            }
        }
        return new Sequential(Stats.sorted(known), Stats.sorted(unknown), errors);
    }

    /** The two groups of a sequential phase, and what the KS test says about them. */
    record Sequential(double[] known, double[] unknown, int errors) {

        double ksD() {
            return Stats.ksStatistic(known, unknown);
        }

        double ksP() {
            return Stats.ksPValue(ksD(), known.length, unknown.length);
        }
    }
}
