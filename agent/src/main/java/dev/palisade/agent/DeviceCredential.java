package dev.palisade.agent;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A device's private key and the chain it presents with it: its certificate first, then its issuing CA's.
 *
 * @param origin where the key was made, so that a software key is never mistaken for a hardware one
 */
public record DeviceCredential(PrivateKey key, List<X509Certificate> chain, KeyOrigin origin) {

    public DeviceCredential {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a credential needs its certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }
}
