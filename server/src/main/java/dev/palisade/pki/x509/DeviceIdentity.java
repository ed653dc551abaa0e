package dev.palisade.pki.x509;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.jspecify.annotations.Nullable;

/**
 * Who a device certificate speaks for: a device of a tenant, as an operational or a bootstrap identity. Its wire form
 * is the certificate's only URI subject alternative name, a SPIFFE ID:
 *
 * <pre>
 * spiffe://&lt;tenant uuid&gt;.palisade/device/&lt;device id&gt;      operational certificate
 * spiffe://&lt;tenant uuid&gt;.palisade/bootstrap/&lt;device id&gt;   bootstrap certificate
 * </pre>
 *
 * <p>The tenant UUID is lower case and canonical; the device id follows {@link DeviceId}, whose alphabet is a subset of
 * what SPIFFE path segments allow and cannot form {@code .} or {@code ..}. See {@link PalisadeNames} for the subject.
 */
public record DeviceIdentity(TenantId tenant, DeviceId device, IdentityKind kind) {

    private static final Pattern SPIFFE_ID = Pattern.compile("spiffe://([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{4}-[0-9a-f]{12})\\.palisade/(device|bootstrap)/([A-Za-z0-9][A-Za-z0-9._-]{0,127})");

    /** The SPIFFE ID of this identity. */
    public String spiffeId() {
        return "spiffe://" + PalisadeNames.trustDomain(tenant) + "/" + kind.pathSegment() + "/" + device.value();
    }

    /** Parses a SPIFFE ID of the form above; anything else (other hosts, paths, queries, case) is empty. */
    public static Optional<DeviceIdentity> parseSpiffeId(String spiffeId) {
        Matcher matcher = SPIFFE_ID.matcher(spiffeId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        TenantId tenant = new TenantId(UUID.fromString(matcher.group(1)));
        IdentityKind kind = "device".equals(matcher.group(2)) ? IdentityKind.DEVICE : IdentityKind.BOOTSTRAP;
        return Optional.of(new DeviceIdentity(tenant, new DeviceId(matcher.group(3)), kind));
    }

    /**
     * The identity of a device certificate: its subject alternative names must be exactly one URI that parses as above,
     * and its subject must be {@code O=Palisade, OU=<same tenant>, CN=<same device id>}. Anything else is empty. This
     * reads names only: the caller has verified the certificate's chain.
     */
    public static Optional<DeviceIdentity> of(X509Certificate certificate) {
        Optional<DeviceIdentity> identity = soleUri(certificate).flatMap(DeviceIdentity::parseSpiffeId);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        boolean subjectAgrees = PalisadeNames.parseTenantSubject(subject)
                .filter(name -> name.tenant().equals(identity.get().tenant()))
                .filter(name -> name.commonName().equals(identity.get().device().value()))
                .isPresent();
        return subjectAgrees ? identity : Optional.empty();
    }

    /**
     * Reads the names from the certificate's signed encoding. The JDK's own accessor is not used: its PKIX name
     * constraint check adds the subject's CN to the certificate's cached alternative names as a DNS name, so after
     * path validation the JDK reports a name the certificate does not carry.
     */
    private static Optional<String> soleUri(X509Certificate certificate) {
        @Nullable GeneralNames names;
        try {
            Extensions extensions = Certificate.getInstance(certificate.getEncoded())
                    .getTBSCertificate()
                    .getExtensions();
            names = extensions == null
                    ? null
                    : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (names == null || names.getNames().length != 1) {
            return Optional.empty();
        }
        GeneralName name = names.getNames()[0];
        if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
            return Optional.empty();
        }
        return Optional.of(ASN1IA5String.getInstance(name.getName()).getString());
    }
}
