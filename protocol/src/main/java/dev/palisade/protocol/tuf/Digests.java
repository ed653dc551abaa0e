package dev.palisade.protocol.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The hash functions that TUF names in {@code hashes} objects, and the checks of content against them. */
final class Digests {

    private static final Map<String, String> JCA_NAMES = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

    private Digests() {}

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    /** The {@code hashes} object a repository publishes for {@code content}: sha256 only, as python-tuf does. */
    static Map<String, String> hashesOf(byte[] content) {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("sha256", HexFormat.of().formatHex(sha256(content)));
        return hashes;
    }

    /**
     * Checks {@code content} against every supported hash in {@code expected}; at least one must be supported (sha256
     * or sha512). Hash functions this client does not know are skipped; content whose listed hashes are all unknown is
     * refused, since nothing would then bind it.
     */
    static Optional<String> mismatch(byte[] content, Map<String, String> expected) {
        int checked = 0;
        for (Map.Entry<String, String> hash : expected.entrySet()) {
            String jcaName = JCA_NAMES.get(hash.getKey());
            if (jcaName == null) {
                continue;
            }
            checked++;
            byte[] want;
            try {
                want = HexFormat.of().parseHex(hash.getValue());
            } catch (IllegalArgumentException e) {
                return Optional.of(hash.getKey() + " is not hex");
            }
            if (!MessageDigest.isEqual(want, digest(jcaName, content))) {
                return Optional.of(hash.getKey() + " differs");
            }
        }
        return checked == 0 ? Optional.of("no supported hash function among " + expected.keySet()) : Optional.empty();
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
