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

    /**
     * An update left another slot active than the one {@code run} started from (installed on trial, or rolled back):
     * the service manager starts {@code run} again, from the active slot.
     */
    static final int RESTART = 7;

    /** The certificate ran out before a renewal succeeded: only enrolling again helps. */
    static final int EXPIRED = 8;

    /** Bad usage: an unknown or missing option, or a value that does not fit. */
    static final int USAGE = 1;

    /** Anything else that went wrong; the reason is printed. */
    static final int FAILED = 5;

    /** The server's verdict on the device's evidence is a failure: its measurements match no release. */
    static final int ATTESTATION_FAILED = 9;

    /** The server refused the device's evidence (or the binding of its attestation key); the reason is printed. */
    static final int ATTESTATION_REFUSED = 10;

    /** tpm2-tools are missing, the TPM cannot be reached, or it refused a command. */
    static final int TPM_FAILED = 11;

    public static CommandLine commandLine() {
        var line = new CommandLine(new AgentMain()).setExecutionExceptionHandler((failure, failed, parsed) -> {
            failed.getErr().println("palisade-agent: " + failure.getMessage());
            if (failure instanceof TpmException) {
                return TPM_FAILED;
            }
            return failure instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        // picocli's own code for bad usage (2) would read as "enrolment refused"
        line.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        line.getSubcommands()
                .values()
                .forEach(command -> command.getCommandSpec().exitCodeOnInvalidInput(USAGE));
        return line;
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
