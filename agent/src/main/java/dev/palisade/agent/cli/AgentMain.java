package dev.palisade.agent.cli;

import dev.palisade.agent.attest.TpmException;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade-agent}: enrol a device over EST, run its MQTT session, attest with its TPM. */
@Command(
        name = "palisade-agent",
        description = "The Palisade reference device agent.",
        mixinStandardHelpOptions = true,
        subcommands = {EnrolCommand.class, RunCommand.class, AttestCommand.class, EndorsementKeyCommand.class})
public final class AgentMain {

    /** EST refused the enrolment; the reason is printed. */
    static final int ENROLMENT_REFUSED = 2;

    /** The broker refused the device's credential: revoked, or no longer allowed. Only re-provisioning helps. */
    static final int REFUSED = 3;

    /** The broker, or the device endpoint, could not be reached. */
    static final int UNREACHABLE = 4;

    /** The server ordered a wipe (the device was decommissioned): its credentials are destroyed. */
    static final int WIPED = 6;

    /** The server's verdict on the device's evidence is a failure: its measurements match no release. */
    static final int ATTESTATION_FAILED = 7;

    /** The server refused the device's evidence (or the binding of its attestation key); the reason is printed. */
    static final int ATTESTATION_REFUSED = 8;

    /** tpm2-tools are missing, the TPM cannot be reached, or it refused a command. */
    static final int TPM_FAILED = 9;

    public static CommandLine commandLine() {
        return new CommandLine(new AgentMain()).setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("palisade-agent: " + failure.getMessage());
            if (failure instanceof TpmException) {
                return TPM_FAILED;
            }
            return failure instanceof IllegalArgumentException ? 1 : 5;
        });
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static PrintWriter out(@Nullable CommandSpec spec) {
        return spec == null
                ? new CommandLine(new AgentMain()).getOut()
                : spec.commandLine().getOut();
    }

    static PrintWriter err(@Nullable CommandSpec spec) {
        return spec == null
                ? new CommandLine(new AgentMain()).getErr()
                : spec.commandLine().getErr();
    }
}
