package dev.palisade.agent;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Where a device makes and keeps its keys: inside a PKCS#11 token ({@link TokenKeys}), or in software where that is
 * declared ({@link SoftwareKeys}). Enrolment asks for a new key pair for every certificate, signs the request with it
 * where it lives, and hands back the issued chain to be kept beside the key.
 */
public interface DeviceKeys {

    /** Reported with every credential made from these keys. */
    KeyOrigin origin();

    /** A new ECDSA P-256 key pair; in a token, the private half never leaves it. */
    KeyPair generate();

    /** A PKCS#10 request for {@code deviceId}, signed with the pair's private key where it lives. */
    PKCS10CertificationRequest request(String deviceId, KeyPair pair);

    /** Keeps the issued {@code chain} with the key it certifies, where the key source can; by default nothing. */
    default void keep(String deviceId, KeyPair pair, List<X509Certificate> chain) {}

    /** Destroys what {@link #keep} kept for {@code deviceId}, when the device is wiped; by default nothing. */
    default void destroy(String deviceId) {}
}
