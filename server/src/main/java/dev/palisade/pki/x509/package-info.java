/**
 * X.509 building blocks of the PKI, free of Spring, storage and I/O: the naming scheme that binds certificates to
 * tenants and devices ({@link dev.palisade.pki.x509.PalisadeNames}, {@link dev.palisade.pki.x509.DeviceIdentity}),
 * PKCS#10 inspection ({@link dev.palisade.pki.x509.CsrInspector}), certificate profiles and issuance, the CA
 * certificates of the offline-root ceremony, CRLs and an RFC 6960 OCSP responder. Everything signs through
 * {@link dev.palisade.keys.SigningKey}, so private keys stay in custody. A named interface: the EST server, the CLI's
 * ceremony commands and the broker use it directly.
 */
@NullMarked
@NamedInterface("x509")
package dev.palisade.pki.x509;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
