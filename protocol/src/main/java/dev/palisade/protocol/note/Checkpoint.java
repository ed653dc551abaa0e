package dev.palisade.protocol.note;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a C2SP tlog-checkpoint: which log, how many leaves, and the Merkle root over them.
 *
 * <pre>
 * example.com/behind-the-sofa
 * 20852163
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * <p>Signing the body with {@link NoteSigner} gives the signed checkpoint that clients and witnesses exchange.
 *
 * @param origin unique name of the log; non-empty, one line
 * @param size number of leaves in the tree, at least 0
 * @param rootHash the 32-byte RFC 6962 root hash at that size; copied in and out
 * @param extensions optional further lines, each non-empty; C2SP advises against them as monitors cannot audit them
 */
@SuppressWarnings("ArrayRecordComponent") // copied defensively; equals and hashCode compare contents
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    private static final int ROOT_HASH_LENGTH = 32;
    private static final Pattern TREE_SIZE = Pattern.compile("0|[1-9][0-9]*");

    /** Validates every field and copies the hash and the extension lines. */
    public Checkpoint {
        NoteText.requireLine(origin, "checkpoint origin");
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint tree size must not be negative, not " + size);
        }
        if (rootHash.length != ROOT_HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "checkpoint root hash must be " + ROOT_HASH_LENGTH + " bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        extensions.forEach(line -> NoteText.requireLine(line, "checkpoint extension line"));
    }

    /** A checkpoint without extension lines, which is what Palisade logs publish. */
    public static Checkpoint of(String origin, long size, byte[] rootHash) {
        return new Checkpoint(origin, size, rootHash, List.of());
    }

    /** A copy of the root hash. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: origin, size, base64 root hash and each extension, every line ending in a newline. */
    public String body() {
        StringBuilder body = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(StrictBase64.encode(rootHash))
                .append('\n');
        extensions.forEach(line -> body.append(line).append('\n'));
        return body.toString();
    }

    /**
     * Parses a checkpoint body, such as the {@link SignedNote#text()} of a verified note.
     *
     * @throws IllegalArgumentException naming the line that is wrong: fewer than three lines, an empty line, a missing
     *     final newline, a size with a sign or leading zeros or too large for a {@code long}, or a root hash that is not
     *     canonical base64 of 32 bytes
     */
    public static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint must end with a newline");
        }
        List<String> lines = List.of(body.substring(0, body.length() - 1).split("\n", -1));
        if (lines.size() < 3) {
            throw new IllegalArgumentException(
                    "checkpoint needs origin, tree size and root hash lines, but has " + lines.size() + " lines");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new IllegalArgumentException("checkpoint line " + (i + 1) + " is empty");
            }
        }
        String sizeLine = lines.get(1);
        if (!TREE_SIZE.matcher(sizeLine).matches()) {
            throw new IllegalArgumentException(
                    "checkpoint tree size must be decimal digits without sign or leading zeros, not '" + sizeLine
                            + "'");
        }
        long size;
        try {
            size = Long.parseLong(sizeLine);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size " + sizeLine + " is too large", e);
        }
        byte[] rootHash = StrictBase64.decode(lines.get(2), "checkpoint root hash");
        return new Checkpoint(lines.get(0), size, rootHash, lines.subList(3, lines.size()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && size == that.size
                && MessageDigest.isEqual(rootHash, that.rootHash)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31
                + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", size=" + size + ", root="
                + HexFormat.of().formatHex(rootHash) + ", extensions=" + extensions + "]";
    }
}
