package dev.palisade.broker.internal;

import dev.palisade.broker.BootstrapEnrolment;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The broker's way to the {@link BootstrapEnrolment} of the feature above it, looked up when first needed (in a TLS
 * handshake or a CONNECT, not when the broker is made: the feature depends on the broker itself). Without one, a
 * bootstrap certificate is trusted nowhere in the broker.
 */
public final class BootstrapGate {

    private final Supplier<@Nullable BootstrapEnrolment> lookup;
    private volatile @Nullable BootstrapEnrolment found;

    public BootstrapGate(Supplier<@Nullable BootstrapEnrolment> lookup) {
        this.lookup = lookup;
    }

    Optional<BootstrapEnrolment> enrolment() {
        BootstrapEnrolment current = found;
        if (current == null) {
            current = lookup.get();
            found = current; // kept once found; looked up again while there is none (the server is still starting)
        }
        return Optional.ofNullable(current);
    }

    /** Throws unless {@code chain} is a bootstrap certificate of a CA some tenant registered. */
    void checkChain(X509Certificate[] chain) throws CertificateException {
        Optional<BootstrapEnrolment> enrolment = enrolment();
        if (enrolment.isEmpty()) {
            throw new CertificateException("bootstrap certificates are not accepted here");
        }
        enrolment.get().checkChain(chain);
    }

    boolean isBootstrap(X509Certificate[] chain) {
        try {
            checkChain(chain);
            return true;
        } catch (CertificateException notBootstrap) {
            return false;
        }
    }
}
