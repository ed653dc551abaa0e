package dev.palisade.agent.attest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The device's TPM 2.0, driven through tpm2-tools, with its working files in {@code <state>/tpm/} (owner-only).
 *
 * <p>The endorsement key (EK) is made again from the TPM's endorsement seed at each use ({@code tpm2_createek} with the
 * default template yields the same key every time). The attestation key (AK) is made once, and only its public area
 * and its private part wrapped by the EK ({@code ak.pub}, {@code ak.priv}) are kept: each session loads it again
 * under the EK, so a reboot of the TPM (which makes saved contexts useless) changes nothing. Nothing is made
 * persistent in the TPM's non-volatile memory.
 */
public final class Tpm {

    /** How long one tpm2-tools command may take by default: an RSA key on a slow TPM takes tens of seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Path directory;
    private final TpmTools tools;
    private final TpmKeyAlgorithm algorithm;

    private Tpm(Path directory, TpmTools tools, TpmKeyAlgorithm algorithm) {
        this.directory = directory;
        this.tools = tools;
        this.algorithm = algorithm;
    }

    /**
     * The TPM behind {@code tcti}, its files in {@code <stateDirectory>/tpm/}.
     *
     * @param toolsDirectory where tpm2-tools are, or null for the {@code PATH}
     * @throws TpmException when tpm2-tools are missing
     */
    public static Tpm open(Path stateDirectory, String tcti, @Nullable Path toolsDirectory, TpmKeyAlgorithm algorithm)
            throws TpmException, IOException {
        Path directory = ownerOnlyDirectory(stateDirectory.resolve("tpm"));
        return new Tpm(directory, TpmTools.locate(tcti, directory, toolsDirectory, DEFAULT_TIMEOUT), algorithm);
    }

    /** Where the TPM's working files are. */
    public Path directory() {
        return directory;
    }

    public String tcti() {
        return tools.tcti();
    }

    /**
     * Makes the EK, and the AK if there is none yet (or loads it again), for the commands of one attestation. One
     * session at a time per state directory: another process waits for the lock.
     */
    public Session session() throws TpmException, IOException {
        FileChannel lockFile =
                FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.lock();
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
        var session = new Session(lockFile, lock);
        try {
            session.prepareKeys();
            return session;
        } catch (TpmException | IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The TPM's keys ready for use, until closed. */
    public final class Session implements AutoCloseable {

        private final FileChannel lockFile;
        private final FileLock lock;

        private Session(FileChannel lockFile, FileLock lock) {
            this.lockFile = lockFile;
            this.lock = lock;
        }

        private void prepareKeys() throws TpmException, IOException {
            tools.run(TpmCommands.createEndorsementKey(algorithm));
            boolean kept = Stream.of(TpmCommands.AK_PUBLIC, TpmCommands.AK_PRIVATE, TpmCommands.AK_NAME)
                    .allMatch(name -> Files.isRegularFile(directory.resolve(name)));
            if (kept) {
                try {
                    withEndorsementPolicy(TpmCommands.loadAttestationKey());
                } catch (TpmException e) {
                    throw new TpmException(
                            "the attestation key in " + directory + " does not load under this TPM's endorsement key"
                                    + " (made by another TPM, or with another key algorithm?); delete "
                                    + directory.resolve("ak.*") + " to make a new one: " + e.getMessage(),
                            e);
                }
            } else {
                for (String name : List.of(TpmCommands.AK_PUBLIC, TpmCommands.AK_PRIVATE, TpmCommands.AK_NAME)) {
                    Files.deleteIfExists(directory.resolve(name));
                }
                tools.run(TpmCommands.createAttestationKey(algorithm));
            }
            restrictFiles();
        }

        /** The EK's public area ({@code TPM2B_PUBLIC}, as {@code tpm2_createek -u} writes it). */
        public byte[] endorsementKey() throws IOException {
            return Files.readAllBytes(directory.resolve(TpmCommands.EK_PUBLIC));
        }

        /** The AK's public area ({@code TPM2B_PUBLIC}). */
        public byte[] attestationKey() throws IOException {
            return Files.readAllBytes(directory.resolve(TpmCommands.AK_PUBLIC));
        }

        /** The AK's name ({@code nameAlg || H(TPMT_PUBLIC)}): what the server binds. */
        public byte[] attestationKeyName() throws IOException {
            return Files.readAllBytes(directory.resolve(TpmCommands.AK_NAME));
        }

        /**
         * The SHA-256 of the EK's DER SubjectPublicKeyInfo: how a manufacturing manifest
         * ({@code endorsementKeySha256}) and the operator API name the EK a device must have.
         */
        public byte[] endorsementKeySha256() throws TpmException, IOException {
            tools.run(TpmCommands.endorsementKeyPem());
            String pem = Files.readString(directory.resolve(TpmCommands.EK_PEM), StandardCharsets.US_ASCII);
            return sha256(subjectPublicKeyInfo(pem));
        }

        /**
         * Recovers the secret of a credential the server made for the AK with the EK (TPM 2.0 Part 1 §24): only this
         * TPM can, and only for a loaded key of the name the credential names.
         *
         * @param credential tpm2-tools' credential file ({@code tpm2_activatecredential -i})
         */
        public byte[] activateCredential(byte[] credential) throws TpmException, IOException {
            Path blob = directory.resolve(TpmCommands.CREDENTIAL);
            Path secret = directory.resolve(TpmCommands.SECRET);
            Files.write(blob, credential);
            try {
                withEndorsementPolicy(TpmCommands.activateCredential());
                return Files.readAllBytes(secret);
            } finally {
                Files.deleteIfExists(secret);
                Files.deleteIfExists(blob);
            }
        }

        /** Quotes {@code selection} over {@code nonceHex} with the AK, and reads the values of the quoted PCRs. */
        public TpmQuote quote(PcrSelection selection, String nonceHex) throws TpmException, IOException {
            tools.run(TpmCommands.quote(selection, nonceHex));
            SortedMap<String, SortedMap<Integer, String>> values = new TreeMap<>();
            for (var bank : selection.banks().entrySet()) {
                tools.run(TpmCommands.readPcrs(selection, bank.getKey()));
                Path file = directory.resolve(TpmCommands.pcrFile(bank.getKey()));
                values.put(
                        bank.getKey(),
                        pcrValues(bank.getKey(), List.copyOf(bank.getValue()), Files.readAllBytes(file)));
                Files.deleteIfExists(file);
            }
            return new TpmQuote(
                    Files.readAllBytes(directory.resolve(TpmCommands.QUOTE)),
                    Files.readAllBytes(directory.resolve(TpmCommands.SIGNATURE)),
                    values);
        }

        /** Runs {@code command} with the EK authorised by a fresh policy session, which is flushed afterwards. */
        private void withEndorsementPolicy(TpmCommand command) throws TpmException, IOException {
            tools.run(TpmCommands.startPolicySession());
            try {
                tools.run(TpmCommands.policySecretOfEndorsement());
                tools.run(command);
            } finally {
                try {
                    tools.exec(TpmCommands.flush(TpmCommands.SESSION));
                } catch (TpmException ignored) {
                    // the session ends with the TPM's next reset at the latest; the command's outcome matters more
                }
                Files.deleteIfExists(directory.resolve(TpmCommands.SESSION));
            }
        }

        private void restrictFiles() throws IOException {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    ownerOnly(file, "rw-------");
                }
            }
        }

        /** Removes what only this session needed (contexts, the quote) and lets the next session in. */
        @Override
        public void close() throws IOException {
            try {
                for (String scratch : List.of(
                        TpmCommands.EK_CONTEXT,
                        TpmCommands.AK_CONTEXT,
                        TpmCommands.EK_PEM,
                        TpmCommands.QUOTE,
                        TpmCommands.SIGNATURE,
                        TpmCommands.SESSION)) {
                    Files.deleteIfExists(directory.resolve(scratch));
                }
            } finally {
                try {
                    lock.release();
                } finally {
                    lockFile.close();
                }
            }
        }
    }

    /** Splits {@code tpm2_pcrread -o} output (the values in ascending index order) into hex values by index. */
    static SortedMap<Integer, String> pcrValues(String bank, List<Integer> indexes, byte[] raw) throws TpmException {
        int size = PcrSelection.digestSize(bank);
        if (raw.length != size * indexes.size()) {
            throw new TpmException("the TPM returned " + raw.length + " bytes for " + indexes.size() + " " + bank
                    + " PCRs (is the " + bank + " bank active? tpm2_getcap pcrs)");
        }
        SortedMap<Integer, String> values = new TreeMap<>();
        for (int i = 0; i < indexes.size(); i++) {
            values.put(indexes.get(i), HexFormat.of().formatHex(raw, i * size, (i + 1) * size));
        }
        return values;
    }

    /** The DER of a PEM public key ({@code -----BEGIN PUBLIC KEY-----}), as {@code tpm2_readpublic -f pem} writes. */
    static byte[] subjectPublicKeyInfo(String pem) throws TpmException {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new TpmException("tpm2_readpublic wrote no PEM public key");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new TpmException("tpm2_readpublic wrote a PEM public key that is not base64", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path ownerOnlyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        ownerOnly(directory, "rwx------");
        return directory;
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions (a device's FAT partition): its mount options decide
        }
    }
}
