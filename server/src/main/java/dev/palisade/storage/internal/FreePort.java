package dev.palisade.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a TCP port on 127.0.0.1 that nothing listens on right now. */
public final class FreePort {

    private FreePort() {}

    /**
     * A port that was free a moment ago. Another process may take it before PostgreSQL binds it; the caller retries
     * with a new port when PostgreSQL exits during start-up.
     */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
        }
    }
}
