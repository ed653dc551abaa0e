package dev.palisade.api.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Loads a configured PEM certificate chain and private key (PKCS#8 or traditional) into an in-memory keystore. */
final class PemKeyStores {

    private PemKeyStores() {}

    static KeyStore load(Path certificateFile, Path keyFile, String alias, String password) {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (var in = Files.newInputStream(certificateFile)) {
                chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("no certificate in " + certificateFile);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password.toCharArray());
            store.setKeyEntry(alias, privateKey(keyFile), password.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot load the API certificate " + certificateFile + " and key " + keyFile + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            return switch (parsed) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case null -> throw new IOException("no private key in " + keyFile);
                default -> throw new IOException("unsupported (perhaps encrypted) private key in " + keyFile);
            };
        }
    }
}
