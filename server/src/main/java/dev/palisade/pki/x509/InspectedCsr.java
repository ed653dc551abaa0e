package dev.palisade.pki.x509;

import dev.palisade.identity.DeviceId;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A CSR that passed inspection.
 *
 * @param der the request, DER encoded (PEM input is decoded)
 * @param publicKey the key to certify; its holder signed the request
 * @param keyType the key's type, one the policy allows
 * @param commonName the subject's only common name, a valid device id; other subject attributes and any requested
 *     extensions are ignored: the certificate profile, not the device, decides what a certificate says
 * @param publicKeySha256 SHA-256 of the DER SubjectPublicKeyInfo: the key's identity, to refuse one key for two devices
 */
public record InspectedCsr(
        byte[] der, PublicKey publicKey, KeyType keyType, DeviceId commonName, byte[] publicKeySha256) {

    public InspectedCsr {
        if (publicKeySha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        der = der.clone();
        publicKeySha256 = publicKeySha256.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public byte[] publicKeySha256() {
        return publicKeySha256.clone();
    }

    /** {@link #publicKeySha256()} in lower-case hex, for storage and logs. */
    public String publicKeyFingerprint() {
        return HexFormat.of().formatHex(publicKeySha256);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof InspectedCsr that && MessageDigest.isEqual(der, that.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "InspectedCsr[" + commonName + ", " + keyType + ", key " + publicKeyFingerprint() + "]";
    }
}
