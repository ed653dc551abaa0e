package dev.palisade.pki.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

/** Writes DER by hand where building BouncyCastle objects would cost more than the bytes themselves. */
final class DerWriter {

    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;

    // a plain array rather than a ByteArrayOutputStream, whose every write takes a lock
    private byte[] buffer;
    private int size;

    DerWriter(int expectedSize) {
        this.buffer = new byte[Math.max(16, expectedSize)];
    }

    private void write(int b) {
        if (size == buffer.length) {
            grow(1);
        }
        buffer[size++] = (byte) b;
    }

    private void grow(int needed) {
        long wanted = Math.max((long) buffer.length * 2, (long) size + needed);
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a DER value of more than 2 GiB");
        }
        buffer = Arrays.copyOf(buffer, (int) wanted);
    }

    /** A tag and a definite length in the shortest form, as DER requires. */
    DerWriter header(int tag, int length) {
        write(tag);
        if (length < 0x80) {
            write(length);
        } else if (length < 0x100) {
            write(0x81);
            write(length);
        } else if (length < 0x10000) {
            write(0x82);
            write(length >>> 8);
            write(length);
        } else if (length < 0x1000000) {
            write(0x83);
            write(length >>> 16);
            write(length >>> 8);
            write(length);
        } else {
            write(0x84);
            write(length >>> 24);
            write(length >>> 16);
            write(length >>> 8);
            write(length);
        }
        return this;
    }

    /**
     * An X.509 Time in whole seconds: UTCTime {@code YYMMDDHHMMSSZ} for 1950 through 2049, GeneralizedTime
     * {@code YYYYMMDDHHMMSSZ} otherwise (RFC 5280 4.1.2.5). Written digit by digit: CRLs hold one per entry.
     */
    DerWriter time(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("X.509 times cannot express the year " + year);
        }
        if (isUtcTime(year)) {
            header(UTC_TIME, 13).twoDigits(year % 100);
        } else {
            header(GENERALIZED_TIME, 15).twoDigits(year / 100).twoDigits(year % 100);
        }
        twoDigits(t.getMonthValue()).twoDigits(t.getDayOfMonth());
        twoDigits(t.getHour()).twoDigits(t.getMinute()).twoDigits(t.getSecond());
        write('Z');
        return this;
    }

    /** The encoded length of {@link #time(Instant)}. */
    static int timeLength(Instant instant) {
        int year = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC)
                .getYear();
        return isUtcTime(year) ? 15 : 17;
    }

    private static boolean isUtcTime(int year) {
        return year >= 1950 && year <= 2049;
    }

    private DerWriter twoDigits(int value) {
        write('0' + value / 10);
        write('0' + value % 10);
        return this;
    }

    DerWriter bytes(byte[] bytes) {
        return bytes(bytes, bytes.length);
    }

    DerWriter bytes(DerWriter other) {
        return bytes(other.buffer, other.size);
    }

    private DerWriter bytes(byte[] bytes, int length) {
        if (buffer.length - size < length) {
            grow(length);
        }
        System.arraycopy(bytes, 0, buffer, size, length);
        size += length;
        return this;
    }

    int size() {
        return size;
    }

    /** The bytes written; the writer's own array when it is exactly full, to spare copying megabytes. */
    byte[] toByteArray() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    /** How many octets a header for {@code length} content octets takes. */
    static int headerLength(int length) {
        if (length < 0x80) {
            return 2;
        }
        if (length < 0x100) {
            return 3;
        }
        if (length < 0x10000) {
            return 4;
        }
        return length < 0x1000000 ? 5 : 6;
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot DER-encode " + value.getClass().getSimpleName(), e);
        }
    }
}
