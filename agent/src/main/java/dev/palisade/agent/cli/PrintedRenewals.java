package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.RenewalLoop;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.function.IntConsumer;

/** {@code run}'s lines about renewal; a certificate that ran out unrenewed ends the run ({@link AgentMain#EXPIRED}). */
final class PrintedRenewals implements RenewalLoop.Listener {

    private final PrintWriter printed;
    private final IntConsumer end;

    PrintedRenewals(PrintWriter printed, IntConsumer end) {
        this.printed = printed;
        this.end = end;
    }

    @Override
    public void scheduled(DeviceCredential credential, Instant renewAt) {
        line("certificate %s until %s: renewal at %s", serial(credential), credential.notAfter(), renewAt);
    }

    @Override
    public void renewed(DeviceCredential previous, DeviceCredential renewed) {
        X509Certificate certificate = renewed.certificate();
        line(
                "renewed: certificate %s until %s, issued by %s, in place of %s",
                serial(renewed),
                renewed.notAfter(),
                certificate.getIssuerX500Principal().getName(),
                serial(previous));
    }

    @Override
    public void failed(Exception failure, Instant retryAt) {
        line("renewal failed: %s; retrying at %s", String.valueOf(failure.getMessage()), retryAt);
    }

    @Override
    public void expired(DeviceCredential credential) {
        line(
                "certificate %s expired at %s without renewal: enrol again with the bootstrap certificate",
                serial(credential), credential.notAfter());
        end.accept(AgentMain.EXPIRED);
    }

    private static String serial(DeviceCredential credential) {
        return credential.certificate().getSerialNumber().toString(16);
    }

    private void line(String format, Object... arguments) {
        printed.printf(Locale.ROOT, format + "%n", arguments);
        printed.flush();
    }
}
