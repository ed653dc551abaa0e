package dev.palisade.protocol.note;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One signature line of a signed note: {@code — <keyName> <base64(keyId || signature)>}.
 *
 * @param keyName name of the key that signed
 * @param keyId its 4-byte key id, big-endian in an {@code int}
 * @param signature the signature bytes (64 for Ed25519, but unknown algorithms may use other lengths); copied in and
 *     out
 */
@SuppressWarnings("ArrayRecordComponent") // copied defensively; equals and hashCode compare contents
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    /** Validates the key name and copies the signature, which must not be empty. */
    public NoteSignature {
        NoteKeys.requireValidKeyName(keyName);
        if (signature.length == 0) {
            throw new IllegalArgumentException("signature must not be empty");
        }
        signature = signature.clone();
    }

    /** A copy of the signature bytes. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line as it appears in a note, without its newline. */
    public String line() {
        byte[] idAndSignature = ByteBuffer.allocate(Integer.BYTES + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return SignedNote.SIGNATURE_PREFIX + keyName + " " + StrictBase64.encode(idAndSignature);
    }

    /** Parses one signature line without its newline. */
    static NoteSignature parseLine(String line) {
        if (!line.startsWith(SignedNote.SIGNATURE_PREFIX)) {
            throw new IllegalArgumentException("signature line must start with an em dash (U+2014) and a space");
        }
        String rest = line.substring(SignedNote.SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("signature line has no space between key name and signature");
        }
        String keyName = rest.substring(0, space);
        NoteKeys.requireValidKeyName(keyName);
        byte[] idAndSignature = StrictBase64.decode(rest.substring(space + 1), "signature of key " + keyName);
        if (idAndSignature.length <= Integer.BYTES) {
            throw new IllegalArgumentException(
                    "signature of key " + keyName + " is too short to hold a key id and a signature");
        }
        ByteBuffer buffer = ByteBuffer.wrap(idAndSignature);
        int keyId = buffer.getInt();
        byte[] signature = new byte[buffer.remaining()];
        buffer.get(signature);
        return new NoteSignature(keyName, keyId, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that
                && keyName.equals(that.keyName)
                && keyId == that.keyId
                && MessageDigest.isEqual(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return (31 * keyName.hashCode() + keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line();
    }
}
