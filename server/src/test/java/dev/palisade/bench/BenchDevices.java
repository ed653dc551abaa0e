package dev.palisade.bench;

import dev.palisade.keys.FastCrypto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Keys and PKCS#10 requests of simulated devices, made before the clock starts: on a real fleet each device makes its
 * own, so their cost is not the server's.
 */
final class BenchDevices {

    private static final Provider FAST = Objects.requireNonNull(FastCrypto.ecProvider(), "Conscrypt is required");

    private BenchDevices() {}

    record Device(String id, KeyPair key, byte[] csr) {}

    /** Devices {@code prefix-from} … {@code prefix-(to-1)}, each with a fresh P-256 key and a request for it. */
    static List<Device> make(String prefix, int from, int to) {
        return new ArrayList<>(IntStream.range(from, to)
                .parallel()
                .mapToObj(i -> {
                    String id = prefix + "-" + i;
                    KeyPair key = p256();
                    return new Device(id, key, request(id, key));
                })
                .toList());
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", FAST);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] request(String commonName, KeyPair key) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(FAST)
                            .build(key.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
