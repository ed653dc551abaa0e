package dev.palisade.bench;

import dev.palisade.ota.Sha256;
import dev.palisade.ota.internal.DeltaEncoder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The server's delta generation on one pair of images, as {@code Deltas} runs it: {@link DeltaEncoder} (zstd
 * patch-from at the given level, then the verifying decode). Prints one line: {@code delta-bytes encode-ms verify-ms
 * window-log}. Run by {@code bench/delta.sh}, which measures the zstd command line on the same pair.
 */
@SuppressForbidden("prints its figures on the standard streams")
public final class DeltaGeneration {

    private DeltaGeneration() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DeltaGeneration FROM TO LEVEL OUTPUT");
            System.exit(2);
        }
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        int level = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(to)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        var encoded = DeltaEncoder.encode(from, to, Sha256.of(digest.digest()), level, output);
        switch (encoded) {
            case DeltaEncoder.Encoded.Verified verified ->
                System.out.printf(
                        "%d %d %d %d%n",
                        verified.length(),
                        verified.encodingTime().toMillis(),
                        verified.verificationTime().toMillis(),
                        verified.windowLog());
            case DeltaEncoder.Encoded.DoesNotReproduce failed -> {
                System.err.println("the delta does not reproduce the target: " + failed.detail());
                System.exit(1);
            }
        }
    }
}
