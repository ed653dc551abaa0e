package dev.palisade.pki.x509;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text (RFC 7468) of certificates and requests, for APIs, files and the CLI. */
public final class PemText {

    private static final Pattern CERTIFICATE_BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END CERTIFICATE-----");

    private PemText() {}

    public static String certificate(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    public static String certificates(List<X509Certificate> certificates) {
        var text = new StringBuilder();
        certificates.forEach(certificate -> text.append(certificate(certificate)));
        return text.toString();
    }

    public static String certificationRequest(byte[] der) {
        return Pem.encode("CERTIFICATE REQUEST", der);
    }

    public static String crl(byte[] der) {
        return Pem.encode("X509 CRL", der);
    }

    /**
     * The certificates in {@code text}: one or more CERTIFICATE blocks and nothing else but whitespace.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static List<X509Certificate> parseCertificates(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = CERTIFICATE_BLOCK.matcher(text);
        int end = 0;
        while (block.find()) {
            if (!text.substring(end, block.start()).isBlank()) {
                throw new IllegalArgumentException("unexpected text between certificates");
            }
            certificates.add(certificate(block.group(1).replaceAll("\\s", "")));
            end = block.end();
        }
        if (certificates.isEmpty() || !text.substring(end).isBlank()) {
            throw new IllegalArgumentException("expected one or more PEM CERTIFICATE blocks");
        }
        return certificates;
    }

    /** Parses one DER certificate. */
    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(String base64) {
        try {
            return certificate(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a certificate block is not valid: " + e.getMessage(), e);
        }
    }
}
