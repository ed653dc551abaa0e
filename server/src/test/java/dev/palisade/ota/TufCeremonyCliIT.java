package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.PalisadeMain;
import dev.palisade.protocol.tuf.RoleType;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.SignedMetadata;
import dev.palisade.shared.TenantId;
import dev.palisade.support.PalisadeCli;
import dev.palisade.support.PalisadeCli.Run;
import dev.palisade.support.WithServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The root ceremony from the command line: the server's online keys carried to an offline 2-of-3 ceremony, the signed
 * root imported, then a timestamp key rotated through a new root signed by two of the three keyholders.
 */
class TufCeremonyCliIT extends WithServer {

    @TempDir
    Path temp;

    @Autowired
    TufRepository repository;

    @Test
    void ceremonyImportAndRotationOfTheTimestampKey() throws Exception {
        TestTenant tenant = newTenant();
        var cli = new PalisadeCli(DATA_DIR, port, Files.writeString(temp.resolve("token"), tenant.adminToken()));
        Path ceremony = temp.resolve("ceremony");
        TenantId id = TenantId.parse(tenant.id());

        Run keys = cli.run(
                "ota", "tuf", "keys", "--out", temp.resolve("online-keys.json").toString());
        Run init = offline(
                "ota",
                "tuf",
                "init-root",
                "--keys",
                "3",
                "--threshold",
                "2",
                "--online-keys",
                temp.resolve("online-keys.json").toString(),
                "--out",
                ceremony.toString());
        Run imported = cli.run(
                "ota", "tuf", "import-root", ceremony.resolve("1.root.json").toString());
        Run rotated = cli.run("ota", "tuf", "rotate-key", "timestamp", "--json");
        cli.run(
                "ota",
                "tuf",
                "keys",
                "--out",
                temp.resolve("online-keys-2.json").toString());
        Run tooFew = offline(
                "ota",
                "tuf",
                "rotate-root",
                "--dir",
                ceremony.toString(),
                "--sign-with",
                ceremony.resolve("root-key-2.p12").toString(),
                "--new-keys",
                "0",
                "--online-keys",
                temp.resolve("online-keys-2.json").toString());
        Run second = offline(
                "ota",
                "tuf",
                "rotate-root",
                "--dir",
                ceremony.toString(),
                "--sign-with",
                ceremony.resolve("root-key-1.p12") + "," + ceremony.resolve("root-key-3.p12"),
                "--new-keys",
                "0",
                "--online-keys",
                temp.resolve("online-keys-2.json").toString());
        Run importedSecond = cli.run(
                "ota", "tuf", "import-root", ceremony.resolve("2.root.json").toString());

        assertThat(keys.exitCode()).as(keys.err()).isZero();
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(ceremony.resolve("root-key-3.p12")).exists();
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(tooFew.exitCode())
                .as("one key of a 2-of-3 root cannot sign its successor")
                .isNotZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(importedSecond.exitCode()).as(importedSecond.err()).isZero();
        Root served = SignedMetadata.parse(
                        repository.metadataFile(id, "root.json").orElseThrow(), Root.class)
                .role();
        assertThat(served.version()).isEqualTo(2);
        assertThat(served.role(RoleType.ROOT).threshold()).isEqualTo(2);
        assertThat(served.role(RoleType.TIMESTAMP).keyIds().getFirst().hex())
                .isEqualTo(dev.palisade.support.TestApi.JSON
                        .readTree(rotated.out())
                        .path("keyId")
                        .asString());
    }

    private static Run offline(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = PalisadeMain.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
