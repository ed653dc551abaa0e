package dev.palisade.agent.cli;

import dev.palisade.agent.ClaimProofClient;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.DeviceKeys;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.EnrolmentPending;
import dev.palisade.agent.EstEnrolment;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.MqttEnrolment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code palisade-agent enrol}: the first operational certificate, over EST or over MQTT, with the bootstrap
 * certificate. A device that no manufacturer's manifest lists, and that its owner claimed, proves the claim first with
 * the code on its label ({@code --claim-code-file}). Where the registration policy requires attestation first, the
 * server answers the first request with "not yet"; with {@code --tpm} the device then attests with its TPM, presenting
 * its bootstrap certificate, and asks again.
 */
@Command(
        name = "enrol",
        description = "Enrol with the bootstrap certificate, over EST or on the broker's provisioning topics: a new key"
                + " (in the token, or in a file with --software-key) and its operational certificate.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:enrolled: the credential is kept",
            "1:bad usage",
            "2:enrolment refused (the reason is printed)",
            "5:an unexpected failure (the reason is printed)"
        })
final class EnrolCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--id", required = true, description = "The device's id.")
    String id = "";

    @Option(
            names = "--label",
            paramLabel = "TENANT",
            description = "The tenant's slug: the EST label, or the MQTT user name.")
    @Nullable
    String label;

    @Option(
            names = "--over",
            defaultValue = "est",
            paramLabel = "est|mqtt",
            description = "est: EST simpleenroll over HTTPS; mqtt: the broker's provisioning topics, in one session"
                    + " (default: ${DEFAULT-VALUE}).")
    String over = "est";

    @Option(
            names = "--answer-timeout",
            defaultValue = "PT60S",
            paramLabel = "DURATION",
            description = "With --over mqtt: how long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration answerTimeout = Duration.ofSeconds(60);

    @Option(
            names = "--bootstrap-cert",
            required = true,
            paramLabel = "FILE",
            description = "Bootstrap certificate and its CA (PEM).")
    Path bootstrapCertificate = Path.of("bootstrap.pem");

    @Option(
            names = "--bootstrap-key",
            required = true,
            paramLabel = "FILE",
            description = "Bootstrap private key (PEM).")
    Path bootstrapKey = Path.of("bootstrap.key");

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where device.pem (and with --software-key, device.key) go.")
    Path out = Path.of(".");

    @Option(
            names = "--claim-code-file",
            paramLabel = "FILE",
            description = "The claim code on the device's label: prove the owner's claim before enrolling.")
    @Nullable
    Path claimCodeFile;

    @Option(
            names = "--tpm",
            description = "Attest with the device's TPM when the registration policy requires it before enrolment"
                    + " (its files are kept in OUT/tpm); see the --tpm-* options.")
    boolean tpm;

    @Mixin
    TpmOptions tpmOptions = new TpmOptions();

    @Spec
    @Nullable
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!over.equals("est") && !over.equals("mqtt")) {
            throw new ParameterException(
                    java.util.Objects.requireNonNull(spec).commandLine(), "--over is est or mqtt, not " + over);
        }
        var printed = AgentMain.out(spec);
        CredentialStore store = keyOptions.store(id, out);
        DeviceKeys keys = store.keys();
        var bootstrap = new DeviceCredential(
                PemFiles.privateKey(bootstrapKey), PemFiles.certificates(bootstrapCertificate), KeyOrigin.SOFTWARE);
        DeviceCredential operational;
        try {
            if (claimCodeFile != null) {
                String code =
                        Files.readString(claimCodeFile, StandardCharsets.UTF_8).strip();
                String claimed = new ClaimProofClient(endpoint.endpoints(), label).prove(bootstrap, code);
                if (!claimed.equals(id)) {
                    AgentMain.err(spec)
                            .println("palisade-agent: the claim registers this device as '" + claimed + "', not '" + id
                                    + "': enrol with --id " + claimed);
                    return AgentMain.ENROLMENT_REFUSED;
                }
                printed.println("proved the claim: this device registers as " + claimed);
            }
            try {
                operational = enrol(keys, bootstrap);
            } catch (EnrolmentPending pending) {
                if (!tpm) {
                    throw new EnrolmentPending(pending.getMessage() + "; enrol with --tpm to attest with the TPM");
                }
                printed.println("the registration policy requires attestation first: attesting with the TPM");
                printed.flush();
                int attested = TpmAttestationRun.attest(
                        endpoint.endpoints(), bootstrap, tpmOptions.open(out), id, printed, AgentMain.err(spec));
                if (attested != 0) {
                    return attested;
                }
                operational = enrol(keys, bootstrap);
            }
        } catch (EnrolmentException e) {
            AgentMain.err(spec).println("palisade-agent: " + e.getMessage());
            return AgentMain.ENROLMENT_REFUSED;
        }
        store.keep(operational);
        printed.printf(
                Locale.ROOT,
                "enrolled %s: certificate %s until %s, key %s%n",
                id,
                operational.certificate().getSerialNumber().toString(16),
                operational.notAfter(),
                store.keyLocation());
        printed.flush();
        return 0;
    }

    private DeviceCredential enrol(DeviceKeys keys, DeviceCredential bootstrap) throws EnrolmentException, IOException {
        return switch (over) {
            case "est" -> new EstEnrolment(endpoint.endpoints(), label, keys).enrol(id, bootstrap);
            case "mqtt" -> new MqttEnrolment(endpoint.endpoints(), label, keys, answerTimeout).enrol(id, bootstrap);
            default -> throw new IllegalStateException("checked above");
        };
    }
}
