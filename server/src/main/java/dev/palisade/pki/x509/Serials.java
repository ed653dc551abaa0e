package dev.palisade.pki.x509;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate and CRL serial numbers. RFC 5280 (section 4.1.2.2) caps serials at 20 octets and requires them positive;
 * a DER INTEGER spends one bit on the sign, so 159 random bits are the most that always fit. Random serials also keep
 * issuance order and volume private and make chosen-prefix collisions against the signature hash impractical.
 */
public final class Serials {

    /** The largest bit length a serial may have: 20 octets less the sign bit. */
    public static final int MAX_BITS = 159;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Serials() {}

    /** A fresh serial: positive, never zero, 159 bits of entropy from {@link SecureRandom}. */
    public static BigInteger random() {
        BigInteger serial;
        do {
            serial = new BigInteger(MAX_BITS, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    /** Whether {@code serial} is one RFC 5280 allows: positive and at most 20 octets when DER encoded. */
    public static boolean isValid(BigInteger serial) {
        return serial.signum() > 0 && serial.bitLength() <= MAX_BITS;
    }

    static BigInteger requireValid(BigInteger serial, String what) {
        if (!isValid(serial)) {
            throw new IllegalArgumentException(what + " must be positive and fit 20 octets: " + serial);
        }
        return serial;
    }
}
