package dev.palisade.agent.cli;

import dev.palisade.agent.AtomicFiles;
import dev.palisade.agent.Backoff;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.attest.AttestationLoop;
import dev.palisade.agent.attest.AttestationRefusedException;
import dev.palisade.agent.attest.AttestationSchedule;
import dev.palisade.agent.attest.AttestationVerdict;
import dev.palisade.agent.attest.Tpm;
import dev.palisade.agent.attest.TpmAttestation;
import dev.palisade.protocol.json.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code run --attest-every}: the device's TPM attests in the background while the session runs, with the credential
 * the device holds at that moment (a renewal is picked up at the next attestation). Each outcome is printed and the
 * last one is kept in {@code <dir>/attestation.json} for whatever watches the device locally; what a failure leads to
 * is the server's decision (a quarantine reaches the live session through the broker).
 */
final class RunAttestation implements AttestationLoop.Listener {

    /** The file holding the last outcome, in the device's directory. */
    static final String STATE_FILE = "attestation.json";

    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(15);

    private final PrintWriter printed;
    private final Path stateFile;
    private final Clock clock;

    private RunAttestation(PrintWriter printed, Path stateFile, Clock clock) {
        this.printed = printed;
        this.stateFile = stateFile;
        this.clock = clock;
    }

    /** The loop, not started yet: every {@code interval}, with {@code tpm}, presenting {@code credential}'s current value. */
    static AttestationLoop loop(
            Duration interval,
            Tpm tpm,
            Endpoints endpoints,
            String deviceId,
            Supplier<@Nullable DeviceCredential> credential,
            Path directory,
            PrintWriter printed,
            Clock clock) {
        var heard = new RunAttestation(printed, directory.resolve(STATE_FILE), clock);
        AttestationLoop.Attempt attempt = () -> {
            DeviceCredential current = credential.get();
            if (current == null) {
                throw new IllegalStateException("no credential to attest with yet");
            }
            TpmAttestation.Result result = new TpmAttestation(endpoints, current, tpm).attest(deviceId);
            if (result.boundKeyName() != null) {
                heard.line("bound the TPM's attestation key %s to %s", result.boundKeyName(), deviceId);
            }
            return result.verdict();
        };
        return new AttestationLoop(
                attempt,
                new AttestationSchedule(interval, new SecureRandom()),
                new Backoff(FIRST_RETRY, LONGEST_RETRY),
                clock,
                Thread::sleep,
                heard);
    }

    @Override
    public void passed(AttestationVerdict verdict, Instant next) {
        line("attestation passed: release %s, assurance %s; next at %s", verdict.release(), verdict.assurance(), next);
        keep("passed", verdict.reason(), verdict.release(), verdict.detail());
    }

    @Override
    public void failed(AttestationVerdict verdict, Instant next) {
        line(
                "attestation failed: %s: %s; the server decides what follows; next at %s",
                verdict.reason(), verdict.detail(), next);
        keep("failed", verdict.reason(), null, verdict.detail());
    }

    @Override
    public void refused(AttestationRefusedException refusal, Instant next) {
        line("%s; next at %s", refusal.getMessage(), next);
        keep("refused", refusal.code(), null, refusal.detail());
    }

    @Override
    public void retrying(Exception failure, Instant retryAt) {
        line("attestation not made: %s; retrying at %s", String.valueOf(failure.getMessage()), retryAt);
    }

    /** The last outcome, replaced atomically, for local monitoring. */
    private void keep(String outcome, String reason, @Nullable String release, String detail) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("at", clock.instant().toString());
        state.put("outcome", outcome);
        state.put("reason", reason);
        if (release != null) {
            state.put("release", release);
        }
        state.put("detail", detail);
        try {
            AtomicFiles.write(stateFile, CanonicalJson.toBytes(state));
        } catch (IOException e) {
            line("the attestation's outcome could not be kept in %s: %s", stateFile, e.getMessage());
        }
    }

    private void line(String format, @Nullable Object... arguments) {
        printed.printf(Locale.ROOT, format + "%n", arguments);
        printed.flush();
    }
}
