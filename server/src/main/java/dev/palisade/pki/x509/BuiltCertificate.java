package dev.palisade.pki.x509;

import dev.palisade.keys.FastCrypto;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * A device certificate just built and signed here, which is read into a full certificate object only if someone asks
 * for more than what issuance itself uses. Issuing a certificate needs its encoding, serial, validity, signed part and
 * signature, all known from building it; reading the encoding back natively cost about a sixth of an issuance, mostly
 * in native memory that the garbage collector frees late. Anything else (names, extensions, key) reads the encoding
 * once, with the fast provider, on first use.
 */
final class BuiltCertificate extends X509Certificate {

    private final byte[] der;
    private final byte[] tbs;
    private final byte[] signature;
    private final BigInteger serial;
    private final Date notBefore;
    private final Date notAfter;
    private volatile @Nullable X509Certificate read;

    BuiltCertificate(byte[] der, byte[] tbs, byte[] signature, BigInteger serial, Date notBefore, Date notAfter) {
        this.der = der.clone();
        this.tbs = tbs.clone();
        this.signature = signature.clone();
        this.serial = serial;
        this.notBefore = new Date(notBefore.getTime());
        this.notAfter = new Date(notAfter.getTime());
    }

    /** The full object; two threads asking at once may both read it, which is harmless. */
    private X509Certificate read() {
        X509Certificate certificate = read;
        if (certificate == null) {
            try {
                certificate = FastCrypto.certificate(der);
            } catch (CertificateException e) {
                throw new IllegalStateException("a certificate built here cannot be read: " + e.getMessage(), e);
            }
            read = certificate;
        }
        return certificate;
    }

    @Override
    public byte[] getEncoded() {
        return der.clone();
    }

    @Override
    public byte[] getTBSCertificate() {
        return tbs.clone();
    }

    @Override
    public byte[] getSignature() {
        return signature.clone();
    }

    @Override
    public BigInteger getSerialNumber() {
        return serial;
    }

    @Override
    public Date getNotBefore() {
        return new Date(notBefore.getTime());
    }

    @Override
    public Date getNotAfter() {
        return new Date(notAfter.getTime());
    }

    @Override
    public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
        checkValidity(new Date());
    }

    @Override
    public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
        if (date.before(notBefore)) {
            throw new CertificateNotYetValidException("the certificate is valid from " + notBefore.toInstant());
        }
        if (date.after(notAfter)) {
            throw new CertificateExpiredException("the certificate expired at " + notAfter.toInstant());
        }
    }

    @Override
    public int getVersion() {
        return 3; // every certificate Palisade builds is X.509 v3
    }

    /** The deprecated form of {@link #getIssuerX500Principal}, answered with it (an X500Principal is a Principal). */
    @Override
    @SuppressWarnings("deprecation")
    public Principal getIssuerDN() {
        return getIssuerX500Principal();
    }

    /** The deprecated form of {@link #getSubjectX500Principal}, answered with it. */
    @Override
    @SuppressWarnings("deprecation")
    public Principal getSubjectDN() {
        return getSubjectX500Principal();
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return read().getIssuerX500Principal();
    }

    @Override
    public X500Principal getSubjectX500Principal() {
        return read().getSubjectX500Principal();
    }

    @Override
    public String getSigAlgName() {
        return read().getSigAlgName();
    }

    @Override
    public String getSigAlgOID() {
        return read().getSigAlgOID();
    }

    @Override
    public byte @Nullable [] getSigAlgParams() {
        return read().getSigAlgParams();
    }

    @Override
    public boolean @Nullable [] getIssuerUniqueID() {
        return read().getIssuerUniqueID();
    }

    @Override
    public boolean @Nullable [] getSubjectUniqueID() {
        return read().getSubjectUniqueID();
    }

    @Override
    public boolean @Nullable [] getKeyUsage() {
        return read().getKeyUsage();
    }

    @Override
    public @Nullable List<String> getExtendedKeyUsage() throws CertificateParsingException {
        return read().getExtendedKeyUsage();
    }

    @Override
    public int getBasicConstraints() {
        return read().getBasicConstraints();
    }

    @Override
    public @Nullable Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
        return read().getSubjectAlternativeNames();
    }

    @Override
    public @Nullable Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
        return read().getIssuerAlternativeNames();
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return read().hasUnsupportedCriticalExtension();
    }

    @Override
    public @Nullable Set<String> getCriticalExtensionOIDs() {
        return read().getCriticalExtensionOIDs();
    }

    @Override
    public @Nullable Set<String> getNonCriticalExtensionOIDs() {
        return read().getNonCriticalExtensionOIDs();
    }

    @Override
    public byte @Nullable [] getExtensionValue(String oid) {
        return read().getExtensionValue(oid);
    }

    @Override
    public PublicKey getPublicKey() {
        return read().getPublicKey();
    }

    @Override
    public void verify(PublicKey key)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, NoSuchProviderException,
                    SignatureException {
        read().verify(key);
    }

    @Override
    public void verify(PublicKey key, String sigProvider)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, NoSuchProviderException,
                    SignatureException {
        read().verify(key, sigProvider);
    }

    @Override
    public void verify(PublicKey key, Provider sigProvider)
            throws CertificateException, NoSuchAlgorithmException, InvalidKeyException, SignatureException {
        read().verify(key, sigProvider);
    }

    @Override
    public String toString() {
        return read().toString();
    }
}
