package dev.palisade.agent.cli;

import dev.palisade.agent.attest.Tpm;
import dev.palisade.agent.attest.TpmException;
import dev.palisade.agent.attest.TpmKeyAlgorithm;
import dev.palisade.agent.attest.TpmTools;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How the agent reaches the device's TPM through tpm2-tools. */
final class TpmOptions {

    @Option(
            names = "--tpm-tcti",
            paramLabel = "TCTI",
            description = "How tpm2-tools reach the TPM: device:/dev/tpmrm0, tabrmd, swtpm:host=H,port=P ..."
                    + " (default: $" + TpmTools.TCTI_VARIABLE + ", else " + TpmTools.DEFAULT_TCTI + ").")
    @Nullable
    String tcti;

    @Option(names = "--tpm-tools", paramLabel = "DIR", description = "Where tpm2-tools are (default: the PATH).")
    @Nullable
    Path tools;

    @Option(
            names = "--tpm-algorithm",
            defaultValue = "rsa",
            paramLabel = "rsa|ecc",
            description = "Algorithm of the endorsement and attestation keys (default: ${DEFAULT-VALUE}).")
    String algorithm = "rsa";

    /** The TPM, its working files in {@code <stateDirectory>/tpm/}. */
    Tpm open(Path stateDirectory) throws TpmException, IOException {
        return Tpm.open(stateDirectory, TpmTools.tcti(tcti, System.getenv()), tools, TpmKeyAlgorithm.parse(algorithm));
    }
}
