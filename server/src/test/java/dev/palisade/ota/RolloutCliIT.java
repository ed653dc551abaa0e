package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.PalisadeCli;
import dev.palisade.support.PalisadeCli.Run;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade ota rollout}: a rollout created, read and steered from the command line. Its devices are not
 * connected, so they stay pending and the rollout stays where the commands put it.
 */
class RolloutCliIT extends WithServer {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}");

    @TempDir
    Path temp;

    @Test
    void createShowPauseResumeAndAbortFromTheCommandLine() throws Exception {
        var pki = new TenantPki(api, newTenant());
        var ota = new OtaClient(api, pki.token());
        String release = ota.published("cli-m", "r1", "1.0.0", "os", 1, ota.artifact("fw.img", OtaClient.content(100)))
                .path("id")
                .asString();
        for (int i = 0; i < 4; i++) {
            String device = pki.newDevice("cli");
            pki.issue(device, "device");
            ApiResponse labelled = api.patch(
                    "/api/v1/devices/" + device,
                    pki.token(),
                    Map.of(
                            "groups",
                            List.of("pumps"),
                            "attributes",
                            Map.of("model", "cli-m", "hardwareRevision", "r1")));
            assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
        }
        var cli = new PalisadeCli(DATA_DIR, port, Files.writeString(temp.resolve("token"), pki.token()));

        Run create = cli.run(
                "ota",
                "rollout",
                "create",
                release,
                "--group",
                "pumps",
                "--rings",
                "25,100",
                "--bake-time",
                "PT30M",
                "--window",
                "02:00-05:00",
                "--on-breach",
                "pause");
        String rollout = firstId(create.out());
        Run show = cli.run("ota", "rollout", "show", rollout);
        Run list = cli.run("ota", "rollout", "list");
        Run approveRunning = cli.run("ota", "rollout", "approve", rollout);
        Run pause = cli.run("ota", "rollout", "pause", rollout);
        Run resume = cli.run("ota", "rollout", "resume", rollout);
        Run abort = cli.run("ota", "rollout", "abort", rollout);
        Run badRings = cli.run("ota", "rollout", "create", release, "--group", "pumps", "--rings", "10,x");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).contains("running").contains(release);
        assertThat(show.out()).contains("pending=1").contains("pending=3");
        assertThat(list.out()).contains(rollout);
        assertThat(approveRunning.exitCode()).isEqualTo(2);
        assertThat(approveRunning.err()).contains("ota.rollout.wrong-state");
        assertThat(pause.out()).contains("paused");
        assertThat(resume.out()).contains("running");
        assertThat(abort.exitCode()).as(abort.err()).isZero();
        assertThat(abort.out()).contains("aborted").contains("cancelled=1").contains("cancelled=3");
        assertThat(badRings.exitCode()).isEqualTo(2);
        assertThat(badRings.err()).contains("ota.rollout.invalid");
        JsonNode stored =
                api.get("/api/v1/ota/rollouts/" + rollout, pki.token()).body();
        assertThat(stored.path("window").path("start").asString()).isEqualTo("02:00");
        assertThat(stored.path("bakeTime").asString()).isEqualTo("PT30M");
        assertThat(stored.path("state").asString()).isEqualTo("aborted");
    }

    private static String firstId(String output) {
        Matcher matcher = UUID.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group();
    }
}
