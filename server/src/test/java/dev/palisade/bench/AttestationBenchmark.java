package dev.palisade.bench;

import dev.palisade.attestation.tpm.MalformedTpmStructure;
import dev.palisade.attestation.tpm.QuoteVerifier;
import dev.palisade.attestation.tpm.TpmHash;
import dev.palisade.attestation.tpm.TpmPublic;
import dev.palisade.attestation.tpm.TpmQuote;
import dev.palisade.attestation.tpm.TpmSignature;
import dev.palisade.keys.FastCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Quote verifications per second on one thread: a quote a software TPM made (RSA-2048 attestation key, RSASSA with
 * SHA-256, PCRs 0, 1, 2 and 7 of the sha256 bank) parsed from its bytes, the bound key's public area parsed as the
 * verifier reads it from the database, the nonce, signature and PCR digest checked. The baseline, in the same run, is
 * the RSA signature verification alone, with the same key, message and provider: the floor of any quote verifier.
 * Run it with {@code bench/attestation.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttestationBenchmark {

    private static final String FIXTURES = "/dev/palisade/attestation/tpm/";

    private final byte[] attest = resource("quote-0011223344556677.attest");
    private final byte[] signatureBytes = resource("quote-0011223344556677.sig");
    private final byte[] akPublicArea = tpmt(resource("ak-rsa.pub"));
    private final byte[] nonce = HexFormat.of().parseHex("0011223344556677");
    private final Map<TpmHash, Map<Integer, byte[]>> pcrs =
            Map.of(TpmHash.SHA256, Map.of(0, new byte[32], 1, new byte[32], 2, new byte[32], 7, new byte[32]));
    private final PublicKey akKey =
            parsed(() -> TpmPublic.parseTpmt(akPublicArea)).publicKey();
    private final byte[] rawSignature =
            parsed(() -> TpmSignature.parse(signatureBytes)).signature();

    /** Both benchmarks must verify, or the figures would compare different work. */
    @Setup
    public void checkTheQuoteVerifies() throws Exception {
        if (verifyQuote().isPresent() || !rsaSignatureOnly()) {
            throw new IllegalStateException("the benchmark's quote does not verify");
        }
    }

    @Benchmark
    public Optional<QuoteVerifier.Problem> verifyQuote() throws MalformedTpmStructure {
        return QuoteVerifier.check(
                TpmQuote.parse(attest),
                TpmSignature.parse(signatureBytes),
                TpmPublic.parseTpmt(akPublicArea),
                nonce,
                pcrs,
                FastCrypto.ecProvider());
    }

    @Benchmark
    public boolean rsaSignatureOnly() throws GeneralSecurityException {
        Signature verifier = FastCrypto.ecProvider() == null
                ? Signature.getInstance("SHA256withRSA")
                : Signature.getInstance("SHA256withRSA", Objects.requireNonNull(FastCrypto.ecProvider()));
        verifier.initVerify(akKey);
        verifier.update(attest);
        return verifier.verify(rawSignature);
    }

    private interface Parse<T> {
        T run() throws MalformedTpmStructure;
    }

    private static <T> T parsed(Parse<T> parse) {
        try {
            return parse.run();
        } catch (MalformedTpmStructure e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tpmt(byte[] tpm2b) {
        return java.util.Arrays.copyOfRange(tpm2b, 2, tpm2b.length);
    }

    private static byte[] resource(String name) {
        try (InputStream in =
                Objects.requireNonNull(AttestationBenchmark.class.getResourceAsStream(FIXTURES + name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
