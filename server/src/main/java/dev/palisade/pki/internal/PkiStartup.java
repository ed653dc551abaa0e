package dev.palisade.pki.internal;

import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateAuthority;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Brings the PKI up before the server is ready: every tenant's authorities and revocations into memory, and their
 * CRLs published. Issuing CAs themselves are set up when first needed (the first issuance or CA-certificate request
 * of a tenant, or the device endpoint's own certificate), so that creating a tenant never waits for a ceremony.
 */
@Component
@Order(20)
class PkiStartup implements ApplicationRunner {

    private final CaRegistry registry;
    private final RevocationIndex revocations;
    private final CrlPublisher crls;

    PkiStartup(
            CaRegistry registry, RevocationIndex revocations, CrlPublisher crls, CertificateAuthorities authorities) {
        this.registry = registry;
        this.revocations = revocations;
        this.crls = crls;
        // a CA that becomes active later publishes its (empty) CRL at once, so its distribution point never 404s
        authorities.onActivated(ca -> {
            revocations.load(ca);
            crls.publish(ca);
        });
    }

    @Override
    public void run(ApplicationArguments args) {
        registry.reloadAll();
        for (CertificateAuthority ca : registry.certified()) {
            revocations.load(ca);
            crls.publish(ca);
        }
    }
}
