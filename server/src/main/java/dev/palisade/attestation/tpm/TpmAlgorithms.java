package dev.palisade.attestation.tpm;

/** TPM_ALG_ID, TPM_ECC_CURVE and attribute values of TPM 2.0 Part 2 that the verifier reads. */
final class TpmAlgorithms {

    static final int RSA = 0x0001;
    static final int KEYEDHASH = 0x0008;
    static final int AES = 0x0006;
    static final int XOR = 0x000A;
    static final int NULL = 0x0010;
    static final int RSASSA = 0x0014;
    static final int RSAES = 0x0015;
    static final int RSAPSS = 0x0016;
    static final int OAEP = 0x0017;
    static final int ECDSA = 0x0018;
    static final int ECDH = 0x0019;
    static final int ECDAA = 0x001A;
    static final int SM2 = 0x001B;
    static final int ECSCHNORR = 0x001C;
    static final int ECMQV = 0x001D;
    static final int KDF1_SP800_56A = 0x0020;
    static final int KDF2 = 0x0021;
    static final int KDF1_SP800_108 = 0x0022;
    static final int ECC = 0x0023;
    static final int SYMCIPHER = 0x0025;
    static final int CFB = 0x0043;

    static final int CURVE_NIST_P256 = 0x0003;
    static final int CURVE_NIST_P384 = 0x0004;

    static final long TPM_GENERATED_VALUE = 0xFF544347L;
    static final int ST_ATTEST_QUOTE = 0x8018;

    private TpmAlgorithms() {}
}
