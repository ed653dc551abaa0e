package dev.palisade.agent.cli;

import dev.palisade.agent.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM files as openssl writes and reads them: certificates, chains, and unencrypted private keys. */
final class PemFiles {

    private PemFiles() {}

    /** Every certificate in {@code file}, in order. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                var parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds a certificate that does not parse", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    /** The private key in {@code file}: PKCS#8 ("PRIVATE KEY") or traditional ("EC PRIVATE KEY"). */
    static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                var parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IOException(file + " holds no unencrypted private key");
        }
    }

    /** Writes the chain as PEM. */
    static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        write(file, pem(chain.toArray()), false);
    }

    /**
     * Writes the key as PKCS#8 PEM ("PRIVATE KEY"), readable by its owner only. Not as BouncyCastle writes a key
     * object ("EC PRIVATE KEY"): from a JDK key that leaves out the curve, and the file would not read back.
     */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, pem(new PemObject("PRIVATE KEY", key.getEncoded())), true);
    }

    private static String pem(Object... objects) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    /** Written beside the target, forced to disk and moved over it, so a crash never leaves half a file. */
    private static void write(Path file, String content, boolean secret) throws IOException {
        AtomicFiles.write(
                file,
                content.getBytes(StandardCharsets.US_ASCII),
                PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
    }
}
