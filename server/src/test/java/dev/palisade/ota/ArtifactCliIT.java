package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.PalisadeCli;
import dev.palisade.support.PalisadeCli.Run;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code palisade ota}: a file uploaded from disk, released and published from the command line. */
class ArtifactCliIT extends WithServer {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}");

    @TempDir
    Path temp;

    @Test
    void uploadCreateAndPublishFromTheCommandLine() throws Exception {
        TestTenant tenant = newTenant();
        Path token = Files.writeString(temp.resolve("token"), tenant.adminToken());
        var cli = new PalisadeCli(DATA_DIR, port, token);
        byte[] content = OtaClient.content(200_000);
        Path file = Files.write(temp.resolve("meter-fw-1.2.0.bin"), content);

        Run upload = cli.run("ota", "upload", file.toString());
        String artifact = firstId(upload.out());
        Run create = cli.run(
                "ota",
                "release",
                "create",
                "--model",
                "meter-v2",
                "--hardware-revision",
                "r1",
                "--release-version",
                "1.2.0",
                "--tier",
                "application",
                "--security-version",
                "4",
                "--artifact",
                artifact);
        Run publish = cli.run("ota", "release", "publish", firstId(create.out()));
        Run list = cli.run("ota", "release", "list", "--state", "published");
        Run lower = cli.run(
                "ota",
                "release",
                "create",
                "--model",
                "meter-v2",
                "--hardware-revision",
                "r1",
                "--release-version",
                "1.1.9",
                "--tier",
                "application",
                "--security-version",
                "3",
                "--artifact",
                artifact);

        assertThat(upload.exitCode()).as(upload.err()).isZero();
        assertThat(upload.out()).contains(OtaClient.sha256(content)).contains("meter-fw-1.2.0.bin");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(publish.exitCode()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("published");
        assertThat(list.out()).contains("meter-v2").contains("1.2.0");
        assertThat(lower.exitCode()).isEqualTo(2);
        assertThat(lower.err()).contains("ota.release.security-version-below-floor");
        JsonNode stored = api.get("/api/v1/ota/artifacts/" + artifact, tenant.adminToken())
                .body();
        assertThat(stored.path("length").asLong()).isEqualTo(content.length);

        Run withdraw = cli.run("ota", "release", "withdraw", firstId(create.out()), "--reason", "field reports");
        Run published = cli.run("ota", "release", "list", "--state", "published");

        assertThat(withdraw.exitCode()).as(withdraw.err()).isZero();
        assertThat(withdraw.out()).contains("withdrawn");
        assertThat(published.out()).doesNotContain("1.2.0");
    }

    private static String firstId(String output) {
        Matcher matcher = UUID.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group();
    }
}
