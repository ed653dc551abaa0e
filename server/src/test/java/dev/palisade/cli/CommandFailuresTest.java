package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.KeyCustodyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.ApplicationContextException;
import picocli.CommandLine;

class CommandFailuresTest {

    @Test
    void aServerThatCannotStartReportsTheReasonNotSpringsWrapper() {
        var reason = new KeyCustodyException("the PKCS#11 token in slot 7 of /usr/lib/softhsm/libsofthsm2.so refused "
                + "the user PIN (CKR_PIN_INCORRECT): check palisade.keys.pkcs11.pin-file or PALISADE_KEYS_PKCS11_PIN");
        var failure = new ApplicationContextException(
                "Unable to start web server",
                new BeanCreationException("keyCustody", "Failed to instantiate [KeyCustody]", reason));

        String reported = report(failure);

        assertThat(reported).isEqualTo("palisade: " + reason.getMessage() + System.lineSeparator());
    }

    @Test
    void aFailureOutsideSpringIsReportedWithItsOwnMessage() {
        String reported = report(new IllegalArgumentException("--years must be between 1 and 50"));

        assertThat(reported).isEqualTo("palisade: --years must be between 1 and 50" + System.lineSeparator());
    }

    private static String report(Exception failure) {
        var err = new StringWriter();
        CommandLine command = PalisadeMain.commandLine();
        command.setErr(new PrintWriter(err));
        command.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));

        int exitCode = new CommandFailures().handleExecutionException(failure, command, command.parseArgs());

        assertThat(exitCode).isEqualTo(CommandFailures.FAILED);
        return err.toString();
    }
}
