package dev.palisade.attestation.tpm;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A parsed {@code TPMT_PUBLIC} of an RSA or ECC key, with the bytes it was parsed from: the object's name is a hash of
 * exactly those bytes, so they are kept rather than re-encoded.
 *
 * @param encoded the {@code TPMT_PUBLIC} bytes (without a {@code TPM2B} size)
 * @param symmetric the symmetric algorithm of a storage key (AES), or {@code TPM_ALG_NULL}
 * @param symmetricBits its key size in bits (0 for none)
 * @param symmetricMode its mode (CFB for a key that can activate credentials)
 * @param scheme the signing or encryption scheme, or {@code TPM_ALG_NULL}
 * @param schemeHash the scheme's hash algorithm id, or {@code TPM_ALG_NULL}
 * @param curve the ECC curve id, 0 for RSA
 * @param rsaBits the RSA key size, 0 for ECC
 * @param exponent the RSA public exponent (65537 when the structure says 0)
 * @param unique the RSA modulus, or the ECC point's x coordinate
 * @param uniqueY the ECC point's y coordinate, empty for RSA
 */
public record TpmPublic(
        byte[] encoded,
        int type,
        TpmHash nameAlg,
        long attributes,
        byte[] authPolicy,
        int symmetric,
        int symmetricBits,
        int symmetricMode,
        int scheme,
        int schemeHash,
        int curve,
        int rsaBits,
        long exponent,
        byte[] unique,
        byte[] uniqueY) {

    public static final long FIXED_TPM = 1L << 1;
    public static final long FIXED_PARENT = 1L << 4;
    public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
    public static final long RESTRICTED = 1L << 16;
    public static final long DECRYPT = 1L << 17;
    public static final long SIGN = 1L << 18;

    /** Parses a {@code TPM2B_PUBLIC} (tpm2-tools' default "tss" format) or a bare {@code TPMT_PUBLIC} ("tpmt"). */
    public static TpmPublic parse(byte[] data) throws MalformedTpmStructure {
        if (data.length >= 2 && (((data[0] & 0xFF) << 8) | (data[1] & 0xFF)) == data.length - 2) {
            return parseTpmt(java.util.Arrays.copyOfRange(data, 2, data.length));
        }
        return parseTpmt(data);
    }

    /** Parses exactly one {@code TPMT_PUBLIC}. */
    public static TpmPublic parseTpmt(byte[] data) throws MalformedTpmStructure {
        var in = new TpmReader(data, "TPMT_PUBLIC");
        int type = in.u16();
        if (type != TpmAlgorithms.RSA && type != TpmAlgorithms.ECC) {
            throw new MalformedTpmStructure(
                    "TPMT_PUBLIC: not an RSA or ECC key (type 0x" + Integer.toHexString(type) + ")");
        }
        TpmHash nameAlg = TpmHash.require(in.u16(), "nameAlg");
        long attributes = in.u32();
        byte[] authPolicy = in.sized("authPolicy", 64);
        int symmetric = in.u16();
        int symmetricBits = 0;
        int symmetricMode = TpmAlgorithms.NULL;
        if (symmetric != TpmAlgorithms.NULL) {
            symmetricBits = in.u16();
            symmetricMode = in.u16();
        }
        int scheme = in.u16();
        int schemeHash = TpmAlgorithms.NULL;
        if (type == TpmAlgorithms.RSA) {
            switch (scheme) {
                case TpmAlgorithms.NULL, TpmAlgorithms.RSAES -> {}
                case TpmAlgorithms.RSASSA, TpmAlgorithms.RSAPSS, TpmAlgorithms.OAEP -> schemeHash = in.u16();
                default -> throw unsupported("RSA scheme", scheme);
            }
            int bits = in.u16();
            long exponent = in.u32();
            byte[] modulus = in.sized("modulus", 512);
            in.end();
            if (bits < 1024 || bits > 4096 || modulus.length * 8 != bits) {
                throw new MalformedTpmStructure(
                        "TPMT_PUBLIC: an RSA modulus of " + modulus.length * 8 + " bits in a key of " + bits + " bits");
            }
            return usable(new TpmPublic(
                    data.clone(),
                    type,
                    nameAlg,
                    attributes,
                    authPolicy,
                    symmetric,
                    symmetricBits,
                    symmetricMode,
                    scheme,
                    schemeHash,
                    0,
                    bits,
                    exponent == 0 ? 65537 : exponent,
                    modulus,
                    new byte[0]));
        }
        switch (scheme) {
            case TpmAlgorithms.NULL -> {}
            case TpmAlgorithms.ECDSA,
                    TpmAlgorithms.ECDH,
                    TpmAlgorithms.SM2,
                    TpmAlgorithms.ECSCHNORR,
                    TpmAlgorithms.ECMQV -> schemeHash = in.u16();
            case TpmAlgorithms.ECDAA -> {
                schemeHash = in.u16();
                in.u16(); // count
            }
            default -> throw unsupported("ECC scheme", scheme);
        }
        int curve = in.u16();
        if (curve != TpmAlgorithms.CURVE_NIST_P256 && curve != TpmAlgorithms.CURVE_NIST_P384) {
            throw unsupported("ECC curve", curve);
        }
        int kdf = in.u16();
        if (kdf != TpmAlgorithms.NULL) {
            in.u16();
        }
        byte[] x = in.sized("x", 66);
        byte[] y = in.sized("y", 66);
        in.end();
        return usable(new TpmPublic(
                data.clone(),
                type,
                nameAlg,
                attributes,
                authPolicy,
                symmetric,
                symmetricBits,
                symmetricMode,
                scheme,
                schemeHash,
                curve,
                0,
                0,
                x,
                y));
    }

    /** Refuses a key the JCA would not accept (an RSA exponent below 3, an ECC point off its curve). */
    private static TpmPublic usable(TpmPublic key) throws MalformedTpmStructure {
        try {
            key.jcaKey();
            return key;
        } catch (GeneralSecurityException e) {
            throw new MalformedTpmStructure("TPMT_PUBLIC: not a usable public key (" + e.getMessage() + ")");
        }
    }

    private static MalformedTpmStructure unsupported(String what, int id) {
        return new MalformedTpmStructure("TPMT_PUBLIC: unsupported " + what + " 0x" + Integer.toHexString(id));
    }

    public boolean isRsa() {
        return type == TpmAlgorithms.RSA;
    }

    public boolean isEcc() {
        return type == TpmAlgorithms.ECC;
    }

    /** Whether every attribute bit of {@code required} is set. */
    public boolean has(long required) {
        return (attributes & required) == required;
    }

    /** The object's name: {@code nameAlg || H_nameAlg(TPMT_PUBLIC)} (Part 1, section 16). */
    public byte[] name() {
        return new TpmWriter().u16(nameAlg.id()).bytes(nameAlg.hash(encoded)).toByteArray();
    }

    /** Whether this key can receive credentials: a restricted decryption key with AES-CFB (an endorsement key). */
    public boolean isStorageKey() {
        return has(RESTRICTED | DECRYPT)
                && !has(SIGN)
                && symmetric == TpmAlgorithms.AES
                && symmetricMode == TpmAlgorithms.CFB
                && (symmetricBits == 128 || symmetricBits == 192 || symmetricBits == 256);
    }

    /** Whether this key can only sign what the TPM itself made (quotes): what an attestation key must be. */
    public boolean isAttestationKey() {
        return has(RESTRICTED | SIGN | FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN) && !has(DECRYPT);
    }

    /** The key as a JCA public key. */
    public PublicKey publicKey() {
        try {
            return jcaKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a parsed key was checked to be usable", e);
        }
    }

    private PublicKey jcaKey() throws GeneralSecurityException {
        {
            if (isRsa()) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(new BigInteger(1, unique), BigInteger.valueOf(exponent)));
            }
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curve == TpmAlgorithms.CURVE_NIST_P256 ? "secp256r1" : "secp384r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(
                            new ECPoint(new BigInteger(1, unique), new BigInteger(1, uniqueY)), spec));
        }
    }

    /** SHA-256 of the key's DER SubjectPublicKeyInfo: how an operator or manifest names an expected endorsement key. */
    public byte[] spkiSha256() {
        return TpmHash.SHA256.hash(publicKey().getEncoded());
    }

    /** The curve's size in bytes (coordinates are padded to it), for an ECC key. */
    int curveBytes() {
        return curve == TpmAlgorithms.CURVE_NIST_P256 ? 32 : 48;
    }
}
