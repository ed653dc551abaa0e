package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code palisade-agent attest --tpm}: evidence from the device's TPM, presented with the operational certificate.
 * The first time, the TPM's attestation key is bound to the device by credential activation; then the PCRs the server
 * names are quoted over its nonce, and the verdict is printed. Exit codes: 0 passed, 9 failed (the measurements match
 * no release), 10 refused by the server, 11 the TPM or tpm2-tools failed, 4 the server could not be reached. The codes
 * are the agent's, distinct across its commands, so that a script or service manager can tell them apart.
 */
@Command(
        name = "attest",
        description = "Attest with the device's TPM (tpm2-tools): bind its attestation key once, quote the PCRs the"
                + " server names over a fresh nonce, and print the verdict.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the verdict passed",
            "1:bad usage",
            "4:the server could not be reached",
            "5:an unexpected failure (the reason is printed)",
            "9:the verdict failed: the measurements match no release",
            "10:the server refused the evidence (the reason is printed)",
            "11:tpm2-tools are missing or the TPM failed (the tool's message is printed)"
        })
final class AttestCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Mixin
    TpmOptions tpmOptions = new TpmOptions();

    @Option(
            names = "--tpm",
            description = "The evidence: a quote of the device's TPM (the only kind this command sends).")
    boolean tpm;

    @Option(names = "--id", required = true, description = "The device's id.")
    String id = "";

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Where enrol left device.pem (and device.key); the TPM's files are kept in DIR/tpm.")
    Path dir = Path.of(".");

    @Spec
    @Nullable
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!tpm) {
            throw new ParameterException(Objects.requireNonNull(spec).commandLine(), "say what to attest with: --tpm");
        }
        DeviceCredential credential = keyOptions.store(id, dir).load();
        return TpmAttestationRun.attest(
                endpoint.endpoints(), credential, tpmOptions.open(dir), id, AgentMain.out(spec), AgentMain.err(spec));
    }
}
