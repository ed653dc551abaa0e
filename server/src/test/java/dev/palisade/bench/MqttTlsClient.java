package dev.palisade.bench;

import dev.palisade.agent.Tls;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A device's side of one MQTT connection, as little of it as a benchmark needs: a TCP connection from a chosen local
 * address, a TLS 1.3 handshake in which the device presents its certificate and its issuing CA's, an MQTT 3.1.1
 * CONNECT with the device id as client id, and the CONNACK read and checked. An {@link SSLEngine} over a blocking
 * channel, so that after the CONNACK the connection can be kept as a bare channel (for idle sessions, or to watch for
 * the broker closing it) without keeping any TLS state in the client.
 *
 * <p>The client pins the server's certificate instead of validating a path to a root: both brokers under test present
 * the same certificate, and the load client should spend the shared CPU on the handshake, not on checking it.
 */
final class MqttTlsClient {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final byte[] DISCONNECT = {(byte) 0xe0, 0};

    private final InetSocketAddress server;
    private final Provider tls;
    private final X509TrustManager pinned;

    MqttTlsClient(InetSocketAddress server, Provider tls, X509Certificate serverCertificate) {
        this.server = server;
        this.tls = tls;
        this.pinned = new PinnedServer(serverCertificate);
    }

    /**
     * Connects {@code device} from {@code source} with MQTT keep-alive {@code keepAliveSeconds} (0: none, the broker
     * never times the session out); throws unless the CONNACK accepts it.
     *
     * @return the connection, in blocking mode
     */
    SocketChannel connect(Fleet.Device device, InetAddress source, int keepAliveSeconds)
            throws IOException, GeneralSecurityException {
        Session session = open(device, source, keepAliveSeconds);
        session.release();
        return session.channel;
    }

    /** Connects, then disconnects cleanly (MQTT DISCONNECT, then the TCP connection closed). */
    void connectAndDisconnect(Fleet.Device device, InetAddress source) throws IOException, GeneralSecurityException {
        Session session = open(device, source, 60);
        try (SocketChannel channel = session.channel) {
            session.send(DISCONNECT);
        } finally {
            session.release();
        }
    }

    private Session open(Fleet.Device device, InetAddress source, int keepAliveSeconds)
            throws IOException, GeneralSecurityException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(source, 0));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(server);
            var session = new Session(channel, engine(device));
            session.handshake();
            session.send(connect(device.id(), keepAliveSeconds));
            ByteBuffer connack = session.receive(4);
            if (connack.get(0) != 0x20 || connack.get(3) != 0) {
                throw new IOException("CONNECT of " + device.id() + " refused, CONNACK return code " + connack.get(3));
            }
            return session;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A TLS stack of the device's own for every connection: nothing of one device's session can be resumed by another,
     * and every connection is a full handshake with the client certificate.
     */
    private SSLEngine engine(Fleet.Device device) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3", tls);
        context.init(
                new KeyManager[] {Tls.presenting(device.key(), device.chain())},
                new TrustManager[] {pinned},
                new SecureRandom());
        SSLEngine engine = context.createSSLEngine("localhost", server.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setServerNames(List.of(new SNIHostName("localhost")));
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Connects {@code device} over MQTT 5 (clean start, keep-alive 0) and subscribes it to {@code topic} at QoS 1;
     * throws unless the CONNACK accepts it and the SUBACK grants the subscription. The session keeps its TLS state,
     * to read what the broker publishes to it.
     */
    Session subscribed(Fleet.Device device, InetAddress source, String topic)
            throws IOException, GeneralSecurityException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(source, 0));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(server);
            var session = new Session(channel, engine(device));
            session.handshake();
            session.send(Mqtt5.connect(device.id()));
            Mqtt5.Packet connack = session.nextPacket();
            if (connack.type() != Mqtt5.CONNACK || connack.body()[1] != 0) {
                throw new IOException("CONNECT of " + device.id() + " refused: " + connack);
            }
            session.send(Mqtt5.subscribe(1, topic));
            Mqtt5.Packet suback = session.nextPacket();
            if (suback.type() != Mqtt5.SUBACK || Byte.toUnsignedInt(suback.body()[suback.body().length - 1]) >= 0x80) {
                throw new IOException("SUBSCRIBE of " + device.id() + " to " + topic + " refused: " + suback);
            }
            return session;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** MQTT 3.1.1 CONNECT: clean session, no will, no user name, the device id as client id. */
    static byte[] connect(String clientId, int keepAliveSeconds) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        if (remaining > 127) {
            throw new IllegalArgumentException("client id too long for this client: " + clientId);
        }
        ByteBuffer packet = ByteBuffer.allocate(2 + remaining);
        packet.put((byte) 0x10).put((byte) remaining);
        packet.putShort((short) 4)
                .put("MQTT".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 4);
        packet.put((byte) 0x02).putShort((short) keepAliveSeconds);
        packet.putShort((short) id.length).put(id);
        return packet.array();
    }

    /** One TLS session over a blocking channel. */
    static final class Session {

        final SocketChannel channel;
        private final SSLEngine engine;
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private ByteBuffer appIn;

        Session(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            this.netIn = ByteBuffer.allocate(packet);
            this.netOut = ByteBuffer.allocate(packet);
            this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        void handshake() throws IOException {
            engine.beginHandshake();
            HandshakeStatus status = engine.getHandshakeStatus();
            while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
                status = switch (status) {
                    case NEED_WRAP -> wrap(NOTHING).getHandshakeStatus();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap().getHandshakeStatus();
                    case NEED_TASK -> {
                        for (Runnable task = engine.getDelegatedTask();
                                task != null;
                                task = engine.getDelegatedTask()) {
                            task.run();
                        }
                        yield engine.getHandshakeStatus();
                    }
                    default -> throw new SSLException("unexpected handshake status " + status);
                };
            }
        }

        /**
         * Frees the engine's native state now rather than when it is collected (Conscrypt's engine holds a pipe, two
         * open files, until then) without sending anything: the close_notify that closing produces is wrapped into
         * a buffer and dropped, and the TCP connection stays as it is.
         */
        void release() {
            engine.closeOutbound();
            try {
                while (!engine.isOutboundDone()) {
                    netOut.clear();
                    if (engine.wrap(NOTHING, netOut).bytesProduced() == 0) {
                        break;
                    }
                }
                engine.closeInbound();
            } catch (SSLException truncated) {
                // the peer has not closed its side: expected, nothing was to be read anyway
            }
        }

        void send(byte[] data) throws IOException {
            ByteBuffer plain = ByteBuffer.wrap(data);
            while (plain.hasRemaining()) {
                wrap(plain);
            }
        }

        /** The next whole MQTT packet the server sends; reads and unwraps until one has arrived. */
        Mqtt5.Packet nextPacket() throws IOException {
            while (true) {
                appIn.flip();
                try {
                    Mqtt5.Packet packet = Mqtt5.Packet.read(appIn);
                    if (packet != null) {
                        return packet;
                    }
                } finally {
                    appIn.compact();
                }
                unwrap();
            }
        }

        /** The first {@code length} bytes the server sends, unwrapped. */
        ByteBuffer receive(int length) throws IOException {
            while (appIn.position() < length) {
                unwrap();
            }
            return ByteBuffer.wrap(appIn.array(), 0, length);
        }

        private SSLEngineResult wrap(ByteBuffer plain) throws IOException {
            netOut.clear();
            SSLEngineResult result = engine.wrap(plain, netOut);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot send: " + result);
            }
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
            return result;
        }

        /** Unwraps one TLS record, reading from the channel until a whole one has arrived. */
        private SSLEngineResult unwrap() throws IOException {
            while (true) {
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                switch (result.getStatus()) {
                    case OK -> {
                        return result;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (channel.read(netIn) < 0) {
                            throw new EOFException("the server closed the connection");
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        ByteBuffer larger = ByteBuffer.allocate(appIn.capacity() * 2);
                        appIn.flip();
                        appIn = larger.put(appIn);
                    }
                    case CLOSED -> throw new EOFException("the server closed the TLS session");
                }
            }
        }
    }

    /** Trusts exactly one server certificate. */
    private static final class PinnedServer implements X509TrustManager {

        private final byte[] expected;

        PinnedServer(X509Certificate certificate) {
            try {
                this.expected = certificate.getEncoded();
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0 || !MessageDigest.isEqual(expected, chain[0].getEncoded())) {
                throw new CertificateException("not the pinned server certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
