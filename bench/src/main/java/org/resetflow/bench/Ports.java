package org.resetflow.bench;

import java.net.ServerSocket;

/** A free TCP port for an application the harness starts. */
final class Ports {

    private Ports() {
    }

    static int free() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
