package dev.palisade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A software TPM 2.0 (swtpm) on free local ports, driven with tpm2-tools as a device's provisioning scripts would: a
 * real peer for attestation. Every command runs with the swtpm TCTI, in a working directory of its own; transient
 * objects are flushed after each command (a TPM holds only a few, and without a resource manager nothing else does).
 */
public final class SoftwareTpm implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process swtpm;

    private boolean ownsDirectory;

    private SoftwareTpm(Path directory, int port, Process swtpm) {
        this.directory = directory;
        this.port = port;
        this.swtpm = swtpm;
    }

    /** Starts a fresh TPM in a temporary directory of its own, which {@link #close} deletes with the TPM's state. */
    public static SoftwareTpm startInTemporaryDirectory(String prefix) throws IOException, InterruptedException {
        SoftwareTpm tpm = start(Files.createTempDirectory(prefix));
        tpm.ownsDirectory = true;
        return tpm;
    }

    /** Starts a fresh TPM whose state lives in {@code directory}. */
    public static SoftwareTpm start(Path directory) throws IOException, InterruptedException {
        Path state = Files.createDirectories(directory.resolve("tpm-state"));
        int port = freePortPair();
        int control = port + 1; // the swtpm TCTI of tpm2-tools expects the control channel on the next port
        Process process = new ProcessBuilder(
                        "swtpm",
                        "socket",
                        "--tpm2",
                        "--server",
                        "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                        "--ctrl",
                        "type=tcp,port=" + control + ",bindaddr=127.0.0.1",
                        "--tpmstate",
                        "dir=" + state,
                        "--flags",
                        "not-need-init,startup-clear")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("swtpm.log").toFile())
                .start();
        var tpm = new SoftwareTpm(directory, port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (var socket = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    tpm.close();
                    throw new IllegalStateException("swtpm did not start: "
                            + Files.readString(directory.resolve("swtpm.log"), StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
        }
        return tpm;
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FreePorts.next();
            if (port < 65535) {
                try (var first = new java.net.ServerSocket(port);
                        var second = new java.net.ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    /** How tpm2-tools reach this TPM: what a device's agent is given as its TCTI. */
    public String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    public byte[] read(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String name, byte[] bytes) {
        try {
            Files.write(file(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a tpm2-tools command ({@code tpm2_quote ...}) and fails unless it succeeds; returns its output. */
    public String run(String... command) {
        String output = exec(List.of(command));
        exec(List.of("tpm2_flushcontext", "-t"));
        return output;
    }

    /** An RSA endorsement key ({@code ek.ctx}, public area {@code ek.pub}). */
    public void createEndorsementKey(String algorithm) {
        createEndorsementKey("ek", algorithm);
    }

    /** An endorsement key {@code <name>.ctx}, public area {@code <name>.pub}, of {@code algorithm} (rsa or ecc). */
    public void createEndorsementKey(String name, String algorithm) {
        run("tpm2_createek", "-c", name + ".ctx", "-G", algorithm, "-u", name + ".pub");
    }

    /** An attestation key under the endorsement key {@code ek}: {@code <name>.ctx}, public area {@code <name>.pub}. */
    public void createAttestationKey(String name, String algorithm, String scheme) {
        createAttestationKey("ek", name, algorithm, scheme);
    }

    public void createAttestationKey(String endorsementKey, String name, String algorithm, String scheme) {
        run(
                "tpm2_createak",
                "-C",
                endorsementKey + ".ctx",
                "-c",
                name + ".ctx",
                "-G",
                algorithm,
                "-g",
                "sha256",
                "-s",
                scheme,
                "-u",
                name + ".pub",
                "-n",
                name + ".name",
                "-r",
                name + ".priv");
    }

    /**
     * Recovers a credential for the key {@code name} with {@code tpm2_activatecredential}, authorising the endorsement
     * key by a policy session (PolicySecret of the endorsement hierarchy); returns the secret.
     */
    public byte[] activateCredential(String name, byte[] credentialBlob) {
        return activateCredential("ek", name, credentialBlob);
    }

    public byte[] activateCredential(String endorsementKey, String name, byte[] credentialBlob) {
        write("credential.blob", credentialBlob);
        run("tpm2_startauthsession", "--policy-session", "-S", "session.ctx");
        try {
            run("tpm2_policysecret", "-S", "session.ctx", "-c", "e");
            run(
                    "tpm2_activatecredential",
                    "-c",
                    name + ".ctx",
                    "-C",
                    endorsementKey + ".ctx",
                    "-i",
                    "credential.blob",
                    "-o",
                    "credential.secret",
                    "-P",
                    "session:session.ctx");
        } finally {
            exec(List.of("tpm2_flushcontext", "session.ctx"));
        }
        return read("credential.secret");
    }

    /** Quotes {@code pcrs} (such as {@code sha256:0,1,2,3,7}) with the key {@code name} over {@code nonceHex}. */
    public Quote quote(String name, String pcrs, String nonceHex) {
        run(
                "tpm2_quote",
                "-c",
                name + ".ctx",
                "-l",
                pcrs,
                "-q",
                nonceHex,
                "-m",
                "quote.msg",
                "-s",
                "quote.sig",
                "-g",
                "sha256");
        return new Quote(read("quote.msg"), read("quote.sig"));
    }

    /** The current values of {@code indexes} in the sha256 bank, as hex by index. */
    public Map<String, String> pcrValues(int... indexes) {
        var selection = new StringBuilder("sha256:");
        for (int i = 0; i < indexes.length; i++) {
            selection.append(i == 0 ? "" : ",").append(indexes[i]);
        }
        run("tpm2_pcrread", selection.toString(), "-o", "pcrs.bin");
        byte[] raw = read("pcrs.bin");
        Map<String, String> values = new java.util.TreeMap<>();
        for (int i = 0; i < indexes.length; i++) {
            values.put(
                    String.valueOf(indexes[i]),
                    java.util.HexFormat.of().formatHex(java.util.Arrays.copyOfRange(raw, i * 32, i * 32 + 32)));
        }
        return values;
    }

    /**
     * Extends PCR {@code index} of the sha256 bank, as a changed boot component would. It loads no object, so it
     * flushes none: an agent may be attesting with this TPM at the same moment.
     */
    public void extend(int index) {
        exec(List.of("tpm2_pcrextend", index + ":sha256=" + "ab".repeat(32)));
    }

    public record Quote(byte[] attest, byte[] signature) {}

    private String exec(List<String> command) {
        try {
            var builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(directory.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("TPM2TOOLS_TCTI", tcti());
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("did not finish: " + command);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        swtpm.destroy();
        try {
            if (!swtpm.waitFor(10, TimeUnit.SECONDS)) {
                swtpm.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            swtpm.destroyForcibly();
        }
        if (ownsDirectory) {
            deleteDirectory();
        }
    }

    private void deleteDirectory() {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the software TPM's directory " + directory, e);
        }
    }
}
