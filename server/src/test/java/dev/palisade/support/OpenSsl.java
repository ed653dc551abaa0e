package dev.palisade.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line tool in a directory, as a real peer that Palisade's output must satisfy. */
public final class OpenSsl {

    public record Result(int exitCode, String output) {}

    private final Path directory;

    public OpenSsl(Path directory) {
        this.directory = directory;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    public Path write(String name, String text) throws IOException {
        return Files.writeString(file(name), text, StandardCharsets.UTF_8);
    }

    public Path write(String name, byte[] bytes) throws IOException {
        return Files.write(file(name), bytes);
    }

    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(file(name));
    }

    /** Runs {@code openssl args...}, returning its exit code and combined output. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs openssl and fails the test with its output unless it succeeds. */
    public String ok(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    /**
     * Makes a new key and a PEM certification request for it, the way a provisioning script does, and returns the
     * request's text.
     *
     * @param key {@code ec:<curve>} (for example {@code ec:P-256}), {@code rsa:<bits>} or an algorithm such as
     *     {@code ed25519}
     * @param subject in openssl's form, for example {@code /CN=meter-0042}
     * @param name the files are {@code <name>.key} and {@code <name>.csr}
     */
    public String request(String key, String subject, String name) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("req", "-new", "-noenc", "-subj", subject));
        if (key.startsWith("ec:")) {
            args.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + key.substring("ec:".length())));
        } else {
            args.addAll(List.of("-newkey", key));
        }
        args.addAll(List.of("-keyout", name + ".key", "-out", name + ".csr"));
        ok(args.toArray(String[]::new));
        return Files.readString(file(name + ".csr"), StandardCharsets.US_ASCII);
    }
}
