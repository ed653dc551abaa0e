package dev.palisade.attestation.tpm;

import java.util.Arrays;

/** Reads TPM marshalled data: big-endian integers and size-prefixed buffers, never past the end. */
final class TpmReader {

    private final byte[] data;
    private final String what;
    private int position;

    TpmReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int position() {
        return position;
    }

    int remaining() {
        return data.length - position;
    }

    int u8() throws MalformedTpmStructure {
        need(1);
        return data[position++] & 0xFF;
    }

    int u16() throws MalformedTpmStructure {
        need(2);
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    long u32() throws MalformedTpmStructure {
        need(4);
        long value = ((long) (data[position] & 0xFF) << 24)
                | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8)
                | (data[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long u64() throws MalformedTpmStructure {
        long high = u32();
        return (high << 32) | u32();
    }

    byte[] bytes(int length) throws MalformedTpmStructure {
        need(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** A TPM2B: a 16-bit size, then that many bytes, at most {@code max}. */
    byte[] sized(String field, int max) throws MalformedTpmStructure {
        int size = u16();
        if (size > max) {
            throw new MalformedTpmStructure(what + ": " + field + " of " + size + " bytes, more than " + max);
        }
        return bytes(size);
    }

    void end() throws MalformedTpmStructure {
        if (remaining() != 0) {
            throw new MalformedTpmStructure(what + ": " + remaining() + " bytes after the end of the structure");
        }
    }

    private void need(int length) throws MalformedTpmStructure {
        if (length < 0 || remaining() < length) {
            throw new MalformedTpmStructure(what + " is truncated");
        }
    }
}
