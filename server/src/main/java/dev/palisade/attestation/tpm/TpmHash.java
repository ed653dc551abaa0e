package dev.palisade.attestation.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** The hash algorithms a verifier accepts in names, PCR banks, quotes and signatures (TPM_ALG_ID values). */
public enum TpmHash {
    SHA1(0x0004, "SHA-1", 20),
    SHA256(0x000B, "SHA-256", 32),
    SHA384(0x000C, "SHA-384", 48),
    SHA512(0x000D, "SHA-512", 64);

    private final int id;
    private final String jcaName;
    private final int size;

    TpmHash(int id, String jcaName, int size) {
        this.id = id;
        this.jcaName = jcaName;
        this.size = size;
    }

    public int id() {
        return id;
    }

    /** Digest size in bytes. */
    public int size() {
        return size;
    }

    /** The JCA name (SHA-256) without its dash, as signature algorithm names spell it (SHA256withRSA). */
    String signatureName() {
        return jcaName.replace("-", "");
    }

    String hmacName() {
        return "Hmac" + signatureName();
    }

    /** The name tpm2-tools and PCR bank selections use: sha1, sha256 … */
    public String bankName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public MessageDigest digest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides " + jcaName, e);
        }
    }

    public byte[] hash(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    public static Optional<TpmHash> ofId(int id) {
        for (TpmHash hash : values()) {
            if (hash.id == id) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    public static Optional<TpmHash> ofBankName(String name) {
        for (TpmHash hash : values()) {
            if (hash.bankName().equals(name)) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    static TpmHash require(int id, String field) throws MalformedTpmStructure {
        return ofId(id).orElseThrow(() ->
                new MalformedTpmStructure(field + ": unsupported hash algorithm 0x" + Integer.toHexString(id)));
    }
}
