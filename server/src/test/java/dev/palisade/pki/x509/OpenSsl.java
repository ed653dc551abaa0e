package dev.palisade.pki.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line tool in a directory, as a real peer that Palisade's output must satisfy. */
final class OpenSsl {

    record Result(int exitCode, String output) {}

    private final Path directory;

    OpenSsl(Path directory) {
        this.directory = directory;
    }

    Path file(String name) {
        return directory.resolve(name);
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(file(name), text, StandardCharsets.UTF_8);
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(file(name), bytes);
    }

    byte[] read(String name) throws IOException {
        return Files.readAllBytes(file(name));
    }

    /** Runs {@code openssl args...}, returning its exit code and combined output. */
    Result run(String... args) throws IOException, InterruptedException {
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
    String ok(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }
}
