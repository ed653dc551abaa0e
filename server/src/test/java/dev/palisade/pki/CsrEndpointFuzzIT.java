package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TenantPki.Issued;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutations of a valid request posted to the issuing endpoint: whatever arrives, the answer is a certificate or a
 * client error with a stable code, never a server error. A certificate only for the device's own request in other PEM
 * framing (CRLF line endings, say): a changed request is never issued, and only the answers that say "issued" issued
 * anything. The mutations come from a fixed seed, printed, so that a failure replays exactly;
 * {@code -Dpalisade.fuzz.seed=<n>} tries another sequence. (The unit-level fuzz of the parser is {@code CsrInspectorFuzzTest}.)
 */
class CsrEndpointFuzzIT extends WithServer {

    private static final Logger log = LoggerFactory.getLogger(CsrEndpointFuzzIT.class);
    private static final long DEFAULT_SEED = 0x5eed_c5a1L;
    private static final int MUTATIONS = 300;
    private static final String BEGIN = "-----BEGIN CERTIFICATE REQUEST-----";
    private static final String END = "-----END CERTIFICATE REQUEST-----";

    @Test
    void mutatedRequestsGetACertificateOrAClientErrorWithACodeAndNeverAServerError(TestReporter reporter) {
        long seed = Long.getLong("palisade.fuzz.seed", DEFAULT_SEED);
        reporter.publishEntry("seed", Long.toString(seed));
        log.info("CSR endpoint fuzz seed {} (replay with -Dpalisade.fuzz.seed={})", seed, seed);
        var random = new SplittableRandom(seed);
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("fuzz");
        KeyPair key = DeviceKeys.p256();
        byte[] valid = CertificateIssuanceIT.der(DeviceKeys.requestPem(device, key));
        List<String> issuedFrom = new ArrayList<>();
        List<String> codes = new ArrayList<>();

        for (int i = 0; i < MUTATIONS; i++) {
            Mutation mutation = mutate(valid, random);
            ApiResponse response = pki.requestCertificate(device, Map.of("csr", mutation.pem()), Map.of());

            String context =
                    "seed " + seed + ", mutation " + i + " (" + mutation.description() + "): " + response.rawBody();
            assertThat(response.status()).as(context).isLessThan(500);
            if (response.status() == 201) {
                assertThat(mutation.sameRequest())
                        .as("only the device's own request, in other framing, may be issued; " + context)
                        .isTrue();
                X509Certificate certificate = Issued.of(response).certificate();
                assertThat(certificate.getPublicKey()).as(context).isEqualTo(key.getPublic());
                assertThat(response.text("device")).as(context).isEqualTo(device);
                issuedFrom.add(mutation.description());
            } else {
                assertThat(response.status()).as(context).isBetween(400, 499);
                assertThat(response.header("Content-Type")).as(context).startsWith("application/problem+json");
                assertThat(response.code()).as(context).matches("[a-z]+(\\.[a-z-]+)+");
                codes.add(response.code());
            }
        }

        Map<String, Long> refusals =
                codes.stream().collect(Collectors.groupingBy(code -> code, TreeMap::new, Collectors.counting()));
        reporter.publishEntry("issued", Integer.toString(issuedFrom.size()));
        log.info("CSR endpoint fuzz seed {}: issued for {}, refused {}", seed, issuedFrom, refusals);
        assertThat(pki.serials(device))
                .as("certificates issued (seed " + seed + ")")
                .hasSize(issuedFrom.size());
        assertThat(codes).as("the mutations reach past the PEM and DER checks").contains("pki.csr.malformed");
        assertThat(codes.stream().distinct().count())
                .as("distinct refusals (seed " + seed + "): "
                        + codes.stream().distinct().toList())
                .isGreaterThanOrEqualTo(3);
    }

    /**
     * @param sameRequest whether the DER inside is still exactly the device's request (only the PEM framing around it,
     *     or nothing at all, changed), the one case in which a certificate may be issued
     */
    record Mutation(String description, String pem, boolean sameRequest) {

        static Mutation ofDer(String description, byte[] mutated, byte[] original) {
            return new Mutation(description, CsrEndpointFuzzIT.pem(mutated), MessageDigest.isEqual(mutated, original));
        }

        static Mutation ofFraming(String description, String pem) {
            return new Mutation(description, pem, true);
        }
    }

    private static Mutation mutate(byte[] valid, SplittableRandom random) {
        byte[] der = valid.clone();
        return switch (random.nextInt(10)) {
            case 9 -> {
                byte[] noise = new byte[random.nextInt(600)];
                random.nextBytes(noise);
                if (noise.length > 0 && random.nextBoolean()) {
                    noise[0] = 0x30; // a SEQUENCE, as a request starts, so that parsing goes on a little
                }
                yield Mutation.ofDer(noise.length + " random bytes", noise, valid);
            }
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(der.length * 8);
                    der[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                yield Mutation.ofDer(flips + " bit flip(s)", der, valid);
            }
            case 1 -> {
                int length = random.nextInt(der.length);
                yield Mutation.ofDer("truncated to " + length + " bytes", Arrays.copyOf(der, length), valid);
            }
            case 2 -> {
                int at = random.nextInt(der.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                yield Mutation.ofDer(
                        inserted.length + " byte(s) inserted at " + at, splice(der, at, 0, inserted), valid);
            }
            case 3 -> {
                int at = random.nextInt(der.length);
                int removed = 1 + random.nextInt(Math.min(16, der.length - at));
                yield Mutation.ofDer(
                        removed + " byte(s) removed at " + at, splice(der, at, removed, new byte[0]), valid);
            }
            case 4, 5 -> tamperLength(der, random);
            case 6 -> {
                int at = random.nextInt(der.length);
                der[at] = (byte) random.nextInt(256);
                yield Mutation.ofDer("byte " + at + " replaced", der, valid);
            }
            default -> damageFraming(pem(der), random);
        };
    }

    /** Rewrites the length octets of one TLV somewhere in the tree. */
    private static Mutation tamperLength(byte[] der, SplittableRandom random) {
        List<Integer> lengthOffsets = new ArrayList<>();
        collectLengthOffsets(der, 0, der.length, lengthOffsets, 0);
        int at = lengthOffsets.get(random.nextInt(lengthOffsets.size()));
        int octets = (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7f);
        byte[] replacement = switch (random.nextInt(7)) {
            case 0 -> new byte[] {0};
            case 1 -> new byte[] {(byte) 0x80}; // indefinite length, which DER forbids
            case 2 -> new byte[] {(byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
            case 3 -> new byte[] {(byte) 0x81, (byte) random.nextInt(0x80)}; // not minimal
            case 4 -> new byte[] {(byte) 0xff};
            case 5 -> {
                byte[] value = Arrays.copyOfRange(der, at, at + octets);
                value[value.length - 1] += (byte) (random.nextBoolean() ? 1 : -1);
                yield value;
            }
            default -> new byte[] {(byte) random.nextInt(0x80)};
        };
        return Mutation.ofDer(
                "length at " + at + " set to " + hex(replacement), splice(der, at, octets, replacement), der);
    }

    /** Offsets of the length octets of every TLV in {@code der[from, to)}, descending into constructed ones. */
    private static void collectLengthOffsets(byte[] der, int from, int to, List<Integer> offsets, int depth) {
        int position = from;
        while (position + 2 <= to && depth < 16) {
            int tag = der[position] & 0xff;
            int lengthAt = position + 1;
            int first = der[lengthAt] & 0xff;
            int length;
            int octets;
            if (first < 0x80) {
                length = first;
                octets = 1;
            } else {
                octets = 1 + (first & 0x7f);
                length = 0;
                for (int k = 1; k < octets && lengthAt + k < to; k++) {
                    length = (length << 8) | (der[lengthAt + k] & 0xff);
                }
            }
            int contentAt = lengthAt + octets;
            if (contentAt + length > to || length < 0) {
                return;
            }
            offsets.add(lengthAt);
            boolean constructed = (tag & 0x20) != 0;
            // a BIT STRING's content may itself be DER (a public key); its first octet counts unused bits
            if (constructed) {
                collectLengthOffsets(der, contentAt, contentAt + length, offsets, depth + 1);
            }
            position = contentAt + length;
        }
    }

    private static Mutation damageFraming(String pem, SplittableRandom random) {
        String body = pem.substring(BEGIN.length() + 1, pem.indexOf(END));
        return switch (random.nextInt(12)) {
            case 0 -> Mutation.ofFraming("no BEGIN line", body + END + "\n");
            case 1 -> Mutation.ofFraming("no END line", BEGIN + "\n" + body);
            case 2 -> Mutation.ofFraming("CERTIFICATE label", pem.replace("CERTIFICATE REQUEST", "CERTIFICATE"));
            case 3 -> Mutation.ofFraming("mismatched labels", pem.replace(END, "-----END PRIVATE KEY-----"));
            case 4 -> Mutation.ofFraming("two blocks", pem + pem);
            case 5 -> {
                int at = BEGIN.length() + 1 + random.nextInt(body.length());
                char junk = "*!%$\u0000\u00e9~".charAt(random.nextInt(7));
                yield Mutation.ofFraming("character " + (int) junk + " inside the base64", insert(pem, at, junk));
            }
            case 6 -> Mutation.ofFraming("padding removed", pem.replace("=", ""));
            case 7 -> Mutation.ofFraming("extra padding", BEGIN + "\n" + body.strip() + "====\n" + END + "\n");
            case 8 -> Mutation.ofFraming("CRLF line endings", pem.replace("\n", "\r\n"));
            case 9 -> Mutation.ofFraming("text before the block", "subject=CN=x\n" + pem);
            case 10 -> Mutation.ofFraming("empty block", BEGIN + "\n" + END + "\n");
            default ->
                Mutation.ofFraming("lower-case label", pem.replace("CERTIFICATE REQUEST", "certificate request"));
        };
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
        return result;
    }

    private static String insert(String text, int at, char c) {
        return text.substring(0, at) + c + text.substring(at);
    }

    private static String pem(byte[] der) {
        return BEGIN + "\n"
                + new String(Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der), StandardCharsets.US_ASCII)
                + "\n" + END + "\n";
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
