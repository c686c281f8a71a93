package org.resetflow.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, SMTP, the SCIM directory) that a test can break and
 * mend: {@link #refuse()} drops every open connection and refuses new ones, as a server that went away; {@link
 * #answer503()} answers every new HTTP request with 503, as a directory behind a load balancer with no healthy
 * backend; {@link #hold()} accepts connections and never answers, as a directory that hangs (a client's call stays
 * in flight until its read timeout); {@link #forward()} passes traffic through again. It keeps its port throughout, so clients never need
 * telling.
 */
final class TcpProxy implements AutoCloseable {

    enum Mode { FORWARD, REFUSE, HTTP_503, HOLD }

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket listener;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        this.port = AppNode.freePort();
        listen();
    }

    int port() {
        return port;
    }

    synchronized void forward() {
        if (mode == Mode.HOLD) {
            open.forEach(TcpProxy::closeQuietly);
            open.clear();
        }
        mode = Mode.FORWARD;
        listen();
    }

    synchronized void refuse() {
        mode = Mode.REFUSE;
        closeQuietly(listener);
        listener = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    synchronized void hold() {
        mode = Mode.HOLD;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        listen();
    }

    synchronized void answer503() {
        mode = Mode.HTTP_503;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        listen();
    }

    private void listen() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Proxy could not listen on " + port, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (mode == Mode.HTTP_503) {
                    daemon(() -> serve503(client));
                } else if (mode == Mode.HOLD) {
                    // Kept open, never read from: closed by the client's timeout, or by the next mode change.
                    open.add(client);
                } else {
                    connect(client);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(client);
            open.add(server);
            daemon(() -> pipe(client, server));
            daemon(() -> pipe(server, client));
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away (or the test broke the line): end both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void serve503(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            // Read the request head (the end of the headers), ignore any body, answer, close.
            int matched = 0;
            int b;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4 && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"503\"}";
            out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/scim+json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // the client gave up
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    @Override
    public synchronized void close() {
        refuse();
    }
}
