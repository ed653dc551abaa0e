package dev.palisade.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code openssl speed ecdsap256}: the machine's ceiling for P-256 signatures, measured in the benchmark's own run. */
record OpenSslSpeed(double signsPerSecond, double verifiesPerSecond) {

    private static final Pattern RESULT =
            Pattern.compile("256 bits ecdsa \\(nistp256\\)\\s+\\S+s\\s+\\S+s\\s+([0-9.]+)\\s+([0-9.]+)");

    /** Runs openssl with {@code processes} parallel processes for {@code seconds} per operation. */
    static OpenSslSpeed measure(int processes, int seconds) throws IOException, InterruptedException {
        var command = processes > 1
                ? new ProcessBuilder(
                        "openssl",
                        "speed",
                        "-multi",
                        Integer.toString(processes),
                        "-seconds",
                        Integer.toString(seconds),
                        "ecdsap256")
                : new ProcessBuilder("openssl", "speed", "-seconds", Integer.toString(seconds), "ecdsap256");
        Process process = command.redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5L * seconds + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl speed failed:\n" + output);
        }
        Matcher matcher = RESULT.matcher(output);
        if (!matcher.find()) {
            throw new IOException("cannot read the result of openssl speed:\n" + output);
        }
        return new OpenSslSpeed(Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)));
    }
}
