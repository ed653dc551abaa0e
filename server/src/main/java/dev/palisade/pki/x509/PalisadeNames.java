package dev.palisade.pki.x509;

import dev.palisade.shared.TenantId;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The naming scheme that ties certificates to tenants and devices. It is the contract with devices and with every
 * verifier (broker, EST server, devices' own TLS stacks), so it changes only with a new version of that contract.
 *
 * <ul>
 *   <li><b>Device and bootstrap certificates</b>: subject {@code O=Palisade, OU=<tenant uuid>, CN=<device id>}, the
 *       RDNs encoded in exactly this order (most significant first, as {@code openssl x509 -subject} prints them), each
 *       value a UTF8String; one URI subject alternative name, {@code spiffe://<tenant uuid>.palisade/device/<device id>}
 *       for operational certificates and {@code spiffe://<tenant uuid>.palisade/bootstrap/<device id>} for bootstrap
 *       certificates (see {@link DeviceIdentity}). The tenant UUID is in its canonical lower-case form, which makes the
 *       SPIFFE trust domain {@code <tenant uuid>.palisade} valid as SPIFFE requires (lower case, no port).
 *   <li><b>Other certificates under a tenant's CA</b> (server, OCSP signer): {@code O=Palisade, OU=<tenant uuid>,
 *       CN=<name>}.
 *   <li><b>Issuing CA of a tenant</b>: {@code O=Palisade, OU=<tenant uuid>, CN=<name chosen at the ceremony>}. Its
 *       certificate carries critical name constraints that permit only the directoryName {@code O=Palisade,
 *       OU=<tenant uuid>} and URIs whose host is {@code <tenant uuid>.palisade}, so that whatever it signs can only
 *       name its own tenant's devices, even if its key were misused.
 *   <li><b>Offline root</b>: {@code O=Palisade, CN=<name>}.
 * </ul>
 *
 * <p>X.520 bounds a common name at 64 characters while a {@link dev.palisade.identity.DeviceId} may have 128; no
 * verifier Palisade meets enforces that bound, and the SAN, not the CN, is the identity verifiers should use.
 */
public final class PalisadeNames {

    /** The organisation attribute of every Palisade name. */
    public static final String ORGANIZATION = "Palisade";

    /** The suffix that turns a tenant UUID into its SPIFFE trust domain. */
    public static final String TRUST_DOMAIN_SUFFIX = ".palisade";

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_COMMON_NAME = 128;

    private PalisadeNames() {}

    /** {@code <tenant uuid>.palisade}: the SPIFFE trust domain and URI name-constraint host of a tenant. */
    public static String trustDomain(TenantId tenant) {
        return tenant.value().toString() + TRUST_DOMAIN_SUFFIX;
    }

    /** {@code O=Palisade, OU=<tenant uuid>}: the directory subtree that a tenant's issuing CA may certify. */
    public static X500Name tenantSubtree(TenantId tenant) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, tenant.value().toString())
                .build();
    }

    /** {@code O=Palisade, OU=<tenant uuid>, CN=<commonName>}: a device's, server's, signer's or issuing CA's subject. */
    public static X500Name tenantSubject(TenantId tenant, String commonName) {
        requireCommonName(commonName);
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, tenant.value().toString())
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** {@code O=Palisade, CN=<commonName>}: the offline root's subject. */
    public static X500Name rootSubject(String commonName) {
        requireCommonName(commonName);
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /**
     * The parts of a name of the form {@code O=Palisade, OU=<tenant uuid>, CN=<name>} (three single-valued RDNs in that
     * order, the UUID canonical), or empty for any other name.
     */
    public static Optional<TenantName> parseTenantSubject(X500Name name) {
        RDN[] rdns = name.getRDNs();
        if (rdns.length != 3) {
            return Optional.empty();
        }
        Optional<String> organization = singleValue(rdns[0], BCStyle.O);
        Optional<String> unit = singleValue(rdns[1], BCStyle.OU);
        Optional<String> common = singleValue(rdns[2], BCStyle.CN);
        if (organization.isEmpty() || unit.isEmpty() || common.isEmpty()) {
            return Optional.empty();
        }
        if (!organization.get().equals(ORGANIZATION)
                || !CANONICAL_UUID.matcher(unit.get()).matches()
                || !isValidCommonName(common.get())) {
            return Optional.empty();
        }
        return Optional.of(new TenantName(new TenantId(UUID.fromString(unit.get())), common.get()));
    }

    /** A parsed tenant subject: the tenant of the OU and the common name. */
    public record TenantName(TenantId tenant, String commonName) {
        public TenantName {
            requireCommonName(commonName);
        }
    }

    /** A common name Palisade writes: 1 to 128 characters, no control characters, no leading or trailing space. */
    static boolean isValidCommonName(String commonName) {
        if (commonName.isEmpty()
                || commonName.length() > MAX_COMMON_NAME
                || !commonName.strip().equals(commonName)) {
            return false;
        }
        return commonName.codePoints().noneMatch(Character::isISOControl);
    }

    private static void requireCommonName(String commonName) {
        if (!isValidCommonName(commonName)) {
            throw new IllegalArgumentException(
                    "a common name is 1 to 128 characters without control characters or surrounding spaces");
        }
    }

    private static Optional<String> singleValue(RDN rdn, ASN1ObjectIdentifier type) {
        if (rdn.isMultiValued()) {
            return Optional.empty();
        }
        AttributeTypeAndValue first = rdn.getFirst();
        if (first == null || !first.getType().equals(type) || !(first.getValue() instanceof ASN1String text)) {
            return Optional.empty();
        }
        return Optional.of(text.getString());
    }
}
