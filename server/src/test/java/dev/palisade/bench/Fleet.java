package dev.palisade.bench;

import dev.palisade.keys.FastCrypto;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices a load client plays, as the benchmark's server process hands them over: each device's id, its own key
 * (PKCS#8) and certificate, in one binary file. The chain a device presents is its certificate and the issuing CA's.
 */
final class Fleet {

    private static final int MAGIC = 0x464c5431; // "FLT1"

    private Fleet() {}

    /** A device of the fleet; {@code key} is in the TLS provider's own form, ready for signing. */
    record Device(String id, PrivateKey key, List<X509Certificate> chain) {}

    record Entry(String id, byte[] pkcs8, byte[] certificate) {}

    static void write(Path file, List<Entry> entries) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                out.writeUTF(entry.id());
                out.writeShort(entry.pkcs8().length);
                out.write(entry.pkcs8());
                out.writeShort(entry.certificate().length);
                out.write(entry.certificate());
            }
        }
        // a fleet file is either whole or absent, never a truncated one that a load client would half read
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads devices {@code from} … {@code to - 1}, converting their keys in parallel. */
    static List<Device> read(Path file, X509Certificate issuer, int from, int to) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a fleet file");
            }
            int count = in.readInt();
            if (to > count) {
                throw new IOException(file + " holds " + count + " devices, not " + to);
            }
            for (int i = 0; i < to; i++) {
                String id = in.readUTF();
                byte[] key = in.readNBytes(in.readUnsignedShort());
                byte[] certificate = in.readNBytes(in.readUnsignedShort());
                if (i >= from) {
                    entries.add(new Entry(id, key, certificate));
                }
            }
        }
        return entries.parallelStream().map(entry -> device(entry, issuer)).toList();
    }

    static int size(Path file) throws IOException {
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            return in.readInt() == MAGIC ? in.readInt() : 0;
        }
    }

    private static Device device(Entry entry, X509Certificate issuer) {
        try {
            var factory = CertificateFactory.getInstance("X.509");
            var certificate =
                    (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(entry.certificate()));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(entry.pkcs8()));
            return new Device(entry.id(), FastCrypto.forSigning(key), List.of(certificate, issuer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("device " + entry.id() + " in the fleet file is damaged", e);
        }
    }
}
