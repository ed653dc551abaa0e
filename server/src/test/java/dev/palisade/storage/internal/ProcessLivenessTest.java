package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessLivenessTest {

    @Test
    void thisProcessIsRunning() {
        assertThat(ProcessLiveness.isRunning(ProcessHandle.current().pid())).isTrue();
    }

    @Test
    void anExitedProcessIsNotRunning() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();

        assertThat(ProcessLiveness.isRunning(exited.pid())).isFalse();
        assertThat(ProcessLiveness.isRunning(0)).isFalse();
    }

    @Test
    void aZombieIsNotRunning() throws Exception {
        // The parent forks a child that exits at once and never waits for it: the child stays a zombie.
        Process parent = new ProcessBuilder(
                        "perl",
                        "-e",
                        "$| = 1; my $child = fork(); if ($child == 0) { exit 0 } print \"$child\\n\"; sleep 30")
                .start();
        try {
            long zombie;
            try (var reader =
                    new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                zombie = Long.parseLong(reader.readLine().strip());
            }

            assertThat(awaitState(zombie, 'Z')).as("the child became a zombie").isTrue();
            assertThat(ProcessLiveness.isRunning(zombie)).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void detectsRootFromTheEffectiveUserId() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(ProcessLiveness.currentUserIsRoot()).isEqualTo(uid.equals("0"));
    }

    private static boolean awaitState(long pid, char state) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int attempt = 0; attempt < 200; attempt++) {
            String content = Files.readString(stat, StandardCharsets.ISO_8859_1);
            if (content.charAt(content.lastIndexOf(')') + 2) == state) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
