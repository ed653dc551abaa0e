package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.attest.AttestationRefusedException;
import dev.palisade.agent.attest.AttestationVerdict;
import dev.palisade.agent.attest.Tpm;
import dev.palisade.agent.attest.TpmAttestation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** One TPM attestation from the command line, its outcome printed and turned into the agent's exit code. */
final class TpmAttestationRun {

    private TpmAttestationRun() {}

    /**
     * Attests {@code deviceId} presenting {@code credential}; returns 0 on a pass, else the exit code to end with. A
     * failure of the TPM itself is thrown, for the command line's handler to print (exit code 11).
     */
    static int attest(
            Endpoints endpoints,
            DeviceCredential credential,
            Tpm tpm,
            String deviceId,
            PrintWriter printed,
            PrintWriter errors)
            throws Exception {
        TpmAttestation.Result result;
        try {
            result = new TpmAttestation(endpoints, credential, tpm).attest(deviceId);
        } catch (AttestationRefusedException e) {
            errors.println("palisade-agent: " + e.getMessage());
            errors.flush();
            return AgentMain.ATTESTATION_REFUSED;
        } catch (IOException e) {
            errors.println("palisade-agent: cannot attest: " + e.getMessage());
            errors.flush();
            return AgentMain.UNREACHABLE;
        }
        if (result.boundKeyName() != null) {
            printed.println("bound the TPM's attestation key " + result.boundKeyName() + " to " + deviceId);
        }
        printed.println("quoted " + result.quoted());
        AttestationVerdict verdict = result.verdict();
        if (verdict.passed()) {
            printed.printf(
                    Locale.ROOT,
                    "attestation passed: release %s, assurance %s%n",
                    verdict.release(),
                    verdict.assurance());
            printed.flush();
            return 0;
        }
        printed.printf(Locale.ROOT, "attestation failed: %s: %s%n", verdict.reason(), verdict.detail());
        printed.flush();
        return AgentMain.ATTESTATION_FAILED;
    }
}
