package dev.palisade.attestation.tpm;

import java.io.ByteArrayOutputStream;

/** Writes TPM marshalled data: big-endian integers and size-prefixed buffers. */
final class TpmWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TpmWriter u16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    TpmWriter u32(long value) {
        u16((int) (value >>> 16) & 0xFFFF);
        return u16((int) value & 0xFFFF);
    }

    TpmWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    TpmWriter sized(byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("a TPM2B holds at most 65535 bytes");
        }
        return u16(value.length).bytes(value);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
