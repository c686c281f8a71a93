package org.resetflow.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough SMTP to take the mails: counted by recipient (userN known, nobodyN unknown, other), and the newest
 * reset link mailed to each recipient kept.
 */
final class SmtpSink implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("/reset/([A-Za-z0-9_-]{43})");

    private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final AtomicLong all = new AtomicLong();
    final AtomicLong known = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    /** The newest link token mailed to each recipient. */
    final Map<String, String> links = new ConcurrentHashMap<>();

    SmtpSink() throws Exception {
        pool.submit(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    pool.submit(() -> session(client));
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    void reset() {
        all.set(0);
        known.set(0);
        unknown.set(0);
        other.set(0);
        links.clear();
    }

    /** Waits until {@code count} recipients got a link; their tokens. */
    List<String> awaitLinks(int count, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (links.size() < count && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        if (links.size() < count) {
            throw new IllegalStateException("only " + links.size() + " of " + count + " links mailed");
        }
        return new ArrayList<>(links.values());
    }

    /** Waits until {@code count} mails arrived in all, at most {@code timeout}; the count then. */
    long awaitMails(long count, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (all.get() < count && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        return all.get();
    }

    private void session(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(client.getOutputStream(), true)) {
            out.print("220 sink\r\n");
            out.flush();
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    out.print("250 sink\r\n");
                } else if (upper.startsWith("RCPT TO:")) {
                    recipients.add(line.substring(8).trim().toLowerCase());
                    out.print("250 ok\r\n");
                } else if (upper.startsWith("DATA")) {
                    out.print("354 go on\r\n");
                    out.flush();
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // Quoted-printable soft line breaks may split the link.
                        data.append(line.endsWith("=") ? line.substring(0, line.length() - 1) : line + "\n");
                    }
                    Matcher link = LINK.matcher(data);
                    String token = link.find() ? link.group(1) : null;
                    for (String to : recipients) {
                        if (token != null) {
                            links.put(to, token);
                        }
                        all.incrementAndGet();
                        (to.startsWith("<user") ? known : to.startsWith("<nobody") ? unknown : other).incrementAndGet();
                    }
                    recipients.clear();
                    out.print("250 queued\r\n");
                } else if (upper.startsWith("QUIT")) {
                    out.print("221 bye\r\n");
                    out.flush();
                    return;
                } else {
                    if (upper.startsWith("RSET") || upper.startsWith("MAIL FROM")) {
                        recipients.clear();
                    }
                    out.print("250 ok\r\n");
                }
                out.flush();
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        pool.shutdownNow();
    }
}
