package dev.palisade.broker.internal;

import dev.palisade.shared.SecretFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The broker's TLS trust store: a PKCS#12 file holding the offline root's certificate, rewritten atomically when it
 * changes. HiveMQ reads it at start and re-reads it within ten seconds of a change.
 *
 * <p>The root, not the tenants' issuing CAs: the TLS layer announces its trust anchors to every client that connects,
 * and a list of issuing CAs would tell an anonymous client which tenants exist. Devices therefore present their
 * certificate with their issuing CA's (the chain EST's {@code /cacerts} gives them), and the TLS layer checks the path
 * to the root, name constraints included. It is only the first gate: whether the issuing CA is still trusted (not
 * retired) and the certificate not revoked is decided by the extension on every CONNECT, from the PKI's state in
 * memory.
 */
public final class BrokerTrustStore {

    private final Path file;
    private final char[] password;

    public BrokerTrustStore(Path file, char[] password) {
        this.file = file;
        this.password = password.clone();
    }

    public Path file() {
        return file;
    }

    /**
     * Writes {@code trusted}, or {@code fallback} when there is none yet (before the first ceremony: an empty trust
     * store would stop the TLS listener from starting; the fallback is a certificate no client certificate can chain
     * to, such as the endpoint's own server certificate).
     */
    public synchronized void write(List<X509Certificate> trusted, X509Certificate fallback) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            List<X509Certificate> entries = trusted.isEmpty() ? List.of(fallback) : trusted;
            for (int i = 0; i < entries.size(); i++) {
                store.setCertificateEntry("root-" + i, entries.get(i));
            }
            var bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            SecretFiles.write(file, bytes.toByteArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the broker's trust store " + file, e);
        }
    }
}
