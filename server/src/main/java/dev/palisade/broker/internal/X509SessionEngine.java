package dev.palisade.broker.internal;

import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.jspecify.annotations.Nullable;

/**
 * A netty-tcnative engine as HiveMQ can use it. HiveMQ casts a session's peer certificates to {@code X509Certificate[]}
 * (an array cast, not one per element), which the JDK's and Conscrypt's sessions satisfy and Netty's OpenSSL session,
 * whose array is a {@code Certificate[]}, does not: the cast fails and the extension sees no client certificate. This
 * engine hands out a session that copies them into an {@code X509Certificate[]}, and delegates everything else.
 *
 * <p>Netty's handler drives it as a JDK engine (it recognises only its own class as native), through the same
 * {@code wrap}/{@code unwrap} calls; it releases the native engine when the connection ends, as it would the native
 * engine itself.
 */
final class X509SessionEngine extends SSLEngine implements ReferenceCounted {

    private final SSLEngine engine;

    X509SessionEngine(SSLEngine engine) {
        super(engine.getPeerHost(), engine.getPeerPort());
        this.engine = engine;
    }

    @Override
    public SSLSession getSession() {
        return new X509Session(engine.getSession());
    }

    @Override
    public @Nullable SSLSession getHandshakeSession() {
        SSLSession session = engine.getHandshakeSession();
        return session == null ? null : new X509Session(session);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination)
            throws SSLException {
        return engine.wrap(sources, offset, length, destination);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] sources, ByteBuffer destination) throws SSLException {
        return engine.wrap(sources, destination);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer source, ByteBuffer destination) throws SSLException {
        return engine.wrap(source, destination);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length)
            throws SSLException {
        return engine.unwrap(source, destinations, offset, length);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations) throws SSLException {
        return engine.unwrap(source, destinations);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer destination) throws SSLException {
        return engine.unwrap(source, destination);
    }

    @Override
    public @Nullable Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        engine.setSSLParameters(parameters);
    }

    @Override
    public @Nullable String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public @Nullable String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public int refCnt() {
        return engine instanceof ReferenceCounted counted ? counted.refCnt() : 1;
    }

    @Override
    public ReferenceCounted retain() {
        ReferenceCountUtil.retain(engine);
        return this;
    }

    @Override
    public ReferenceCounted retain(int increment) {
        ReferenceCountUtil.retain(engine, increment);
        return this;
    }

    @Override
    public ReferenceCounted touch() {
        ReferenceCountUtil.touch(engine);
        return this;
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        ReferenceCountUtil.touch(engine, hint);
        return this;
    }

    @Override
    public boolean release() {
        return ReferenceCountUtil.release(engine);
    }

    @Override
    public boolean release(int decrement) {
        return ReferenceCountUtil.release(engine, decrement);
    }

    /** The session, with its peer's certificates in an {@code X509Certificate[]}. */
    private record X509Session(SSLSession session) implements SSLSession {

        @Override
        public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
            Certificate[] certificates = session.getPeerCertificates();
            return Arrays.copyOf(certificates, certificates.length, X509Certificate[].class);
        }

        @Override
        public byte[] getId() {
            return session.getId();
        }

        @Override
        public @Nullable SSLSessionContext getSessionContext() {
            return session.getSessionContext();
        }

        @Override
        public long getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public long getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void invalidate() {
            session.invalidate();
        }

        @Override
        public boolean isValid() {
            return session.isValid();
        }

        @Override
        public void putValue(String name, Object value) {
            session.putValue(name, value);
        }

        @Override
        public @Nullable Object getValue(String name) {
            return session.getValue(name);
        }

        @Override
        public void removeValue(String name) {
            session.removeValue(name);
        }

        @Override
        public String[] getValueNames() {
            return session.getValueNames();
        }

        @Override
        public Certificate @Nullable [] getLocalCertificates() {
            return session.getLocalCertificates();
        }

        @Override
        public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
            return session.getPeerPrincipal();
        }

        @Override
        public @Nullable Principal getLocalPrincipal() {
            return session.getLocalPrincipal();
        }

        @Override
        public String getCipherSuite() {
            return session.getCipherSuite();
        }

        @Override
        public String getProtocol() {
            return session.getProtocol();
        }

        @Override
        public @Nullable String getPeerHost() {
            return session.getPeerHost();
        }

        @Override
        public int getPeerPort() {
            return session.getPeerPort();
        }

        @Override
        public int getPacketBufferSize() {
            return session.getPacketBufferSize();
        }

        @Override
        public int getApplicationBufferSize() {
            return session.getApplicationBufferSize();
        }
    }
}
