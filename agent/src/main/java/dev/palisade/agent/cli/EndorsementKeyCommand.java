package dev.palisade.agent.cli;

import dev.palisade.agent.attest.Tpm;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code palisade-agent endorsement-key}: what a factory records of the device's TPM, the SHA-256 of its endorsement
 * key's SubjectPublicKeyInfo, for the manufacturing manifest ({@code endorsementKeySha256}) or the operator API.
 */
@Command(
        name = "endorsement-key",
        description = "Print the SHA-256 of the TPM's endorsement key (DER SubjectPublicKeyInfo, hex) for the"
                + " manufacturing manifest; its public area stays in DIR/tpm/ek.pub.",
        mixinStandardHelpOptions = true)
final class EndorsementKeyCommand implements Callable<Integer> {

    @Mixin
    TpmOptions tpmOptions = new TpmOptions();

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The agent's state directory.")
    Path dir = Path.of(".");

    @Spec
    @Nullable
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] sha256;
        try (Tpm.Session session = tpmOptions.open(dir).session()) {
            sha256 = session.endorsementKeySha256();
        }
        var printed = AgentMain.out(spec);
        printed.println(HexFormat.of().formatHex(sha256));
        printed.flush();
        return 0;
    }
}
