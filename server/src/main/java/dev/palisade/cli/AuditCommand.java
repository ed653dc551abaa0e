package dev.palisade.cli;

import dev.palisade.audit.AuditLogIdentity;
import dev.palisade.audit.AuditVerifier;
import dev.palisade.audit.VerificationReport;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.Installation;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code palisade audit …}: offline work on the audit log. */
@Command(
        name = "audit",
        description = "Check the tamper-evident audit log.",
        mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    static final int TAMPERED = 1;

    @Command(
            name = "verify",
            description = {
                "Recompute every tenant's audit log from the database and check it against its signed checkpoints.",
                "Names the first record that was edited, deleted or inserted out of order. Exit status 0 when every"
                        + " log is intact, 1 when one is not.",
                "Works while the server runs or while it is stopped."
            },
            mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {

        @Mixin
        OfflineDatabase database;

        @Option(
                names = "--verifier-key",
                paramLabel = "VKEY",
                description = "Trust this C2SP verifier key (from GET /api/v1/audit/verifier-key) instead of reading"
                        + " the installation's keystore.")
        @Nullable
        String verifierKey;

        @Option(names = "--tenant", paramLabel = "SLUG", description = "Verify only this tenant's log.")
        @Nullable
        String tenant;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (OfflineDatabase.Session session = database.open();
                    Connection connection = session.connect()) {
                Installation installation = OfflineQueries.installation(connection);
                var identity = new AuditLogIdentity(installation);
                String trusted = verifierKey != null ? verifierKey : session.verifierKey(identity);
                var verifier = new AuditVerifier(trusted, identity);
                List<OfflineQueries.TenantRow> tenants = OfflineQueries.tenants(connection, tenant);
                if (tenants.isEmpty()) {
                    throw new IllegalArgumentException(tenant == null ? "no tenants" : "no tenant '" + tenant + "'");
                }
                int tampered = 0;
                for (OfflineQueries.TenantRow row : tenants) {
                    VerificationReport report = verifier.verify(connection, TenantId.of(row.id()));
                    out.println(describe(row.slug(), report));
                    if (report instanceof VerificationReport.Tampered) {
                        tampered++;
                    }
                }
                out.println(
                        tampered == 0
                                ? "All " + tenants.size() + " audit log(s) intact."
                                : tampered + " of " + tenants.size() + " audit log(s) TAMPERED.");
                out.flush();
                return tampered == 0 ? 0 : TAMPERED;
            }
        }

        private static String describe(String slug, VerificationReport report) {
            return switch (report) {
                case VerificationReport.Intact intact ->
                    String.format(
                            Locale.ROOT,
                            "%-24s intact: %d records, %d checkpoints verified",
                            slug,
                            intact.records(),
                            intact.checkpoints());
                case VerificationReport.Tampered bad ->
                    String.format(
                            Locale.ROOT,
                            "%-24s TAMPERED at record %d (%s): %s",
                            slug,
                            bad.recordIndex(),
                            bad.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            bad.explanation());
            };
        }
    }
}
