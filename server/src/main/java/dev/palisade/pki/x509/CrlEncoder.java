package dev.palisade.pki.x509;

import java.time.Instant;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Encodes a CertificateList (RFC 5280 5.1) with its revokedCertificates written straight to DER. BouncyCastle's
 * CRL builder formats every revocation date through several SimpleDateFormat instances and builds a tree of objects
 * per entry; for 100,000 entries that alone took over two seconds. Here an entry is a few array copies, and only the
 * small fixed parts (issuer, algorithm, extensions) go through BouncyCastle.
 */
final class CrlEncoder {

    /** crlEntryExtensions holding only a non-critical reasonCode, per CRLReason value; none for unspecified. */
    private static final byte[][] REASON_EXTENSIONS = new byte[11][];

    static {
        for (RevocationReason reason : RevocationReason.values()) {
            REASON_EXTENSIONS[reason.code()] = new byte[0];
            if (reason != RevocationReason.UNSPECIFIED) {
                var extension = new Extension(
                        Extension.reasonCode,
                        false,
                        new DEROctetString(DerWriter.der(CRLReason.lookup(reason.code()))));
                REASON_EXTENSIONS[reason.code()] = DerWriter.der(new Extensions(extension));
            }
        }
    }

    /** About 55 octets per entry: a 20-octet serial, a UTCTime, a reason code. */
    private static final int ENTRY_SIZE = 56;

    private final DerWriter entries;
    private int count;

    CrlEncoder(int expectedEntries) {
        this.entries = new DerWriter(Math.max(1024, Math.min(expectedEntries, 1 << 22) * ENTRY_SIZE));
    }

    void add(RevokedEntry entry) {
        byte[] serial = entry.serial().toByteArray(); // minimal two's complement: DER INTEGER contents
        byte[] extensions = REASON_EXTENSIONS[entry.reason().code()];
        int length = DerWriter.headerLength(serial.length)
                + serial.length
                + DerWriter.timeLength(entry.revokedAt())
                + extensions.length;
        entries.header(DerWriter.SEQUENCE, length)
                .header(DerWriter.INTEGER, serial.length)
                .bytes(serial)
                .time(entry.revokedAt())
                .bytes(extensions);
        count++;
    }

    int count() {
        return count;
    }

    /** The DER TBSCertList: version 2, the entries so far (absent when there are none), extensions. */
    byte[] tbsCertList(
            AlgorithmIdentifier signature,
            X500Name issuer,
            Instant thisUpdate,
            Instant nextUpdate,
            Extensions extensions) {
        var fixed = new ASN1EncodableVector();
        fixed.add(new ASN1Integer(1));
        fixed.add(signature);
        fixed.add(issuer);
        DerWriter head = new DerWriter(512);
        for (int i = 0; i < fixed.size(); i++) {
            head.bytes(DerWriter.der(fixed.get(i)));
        }
        head.bytes(time(thisUpdate)).bytes(time(nextUpdate));
        byte[] tail = DerWriter.der(new DERTaggedObject(true, 0, extensions));
        int revokedLength = count == 0 ? 0 : DerWriter.headerLength(entries.size()) + entries.size();
        int length = head.size() + revokedLength + tail.length;
        DerWriter tbs = new DerWriter(DerWriter.headerLength(length) + length);
        tbs.header(DerWriter.SEQUENCE, length).bytes(head);
        if (count > 0) {
            // RFC 5280 5.1.2.6: with no revoked certificates the list is absent, not empty
            tbs.header(DerWriter.SEQUENCE, entries.size()).bytes(entries);
        }
        return tbs.bytes(tail).toByteArray();
    }

    /** The DER CertificateList around a signed TBSCertList. */
    static byte[] certificateList(byte[] tbsCertList, AlgorithmIdentifier algorithm, byte[] signature) {
        byte[] algorithmDer = DerWriter.der(algorithm);
        byte[] signatureDer = DerWriter.der(new DERBitString(signature));
        int length = tbsCertList.length + algorithmDer.length + signatureDer.length;
        return new DerWriter(DerWriter.headerLength(length) + length)
                .header(DerWriter.SEQUENCE, length)
                .bytes(tbsCertList)
                .bytes(algorithmDer)
                .bytes(signatureDer)
                .toByteArray();
    }

    /** An X.509 Time: UTCTime for 1950 through 2049, GeneralizedTime otherwise (RFC 5280 5.1.2.4), whole seconds. */
    static byte[] time(Instant instant) {
        return new DerWriter(17).time(instant).toByteArray();
    }
}
