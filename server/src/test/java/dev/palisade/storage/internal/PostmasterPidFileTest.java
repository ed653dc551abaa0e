package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidFileTest {

    @TempDir
    Path pgdata;

    @Test
    void readsPidDataDirectoryPortAndStatus() throws IOException {
        write(pidFile(4242, pgdata, 54321, "ready   "));

        var pidFile = PostmasterPidFile.read(pgdata).orElseThrow();

        assertThat(pidFile.pid()).isEqualTo(4242);
        assertThat(pidFile.dataDirectory()).isEqualTo(pgdata);
        assertThat(pidFile.port()).isEqualTo(54321);
        assertThat(pidFile.status()).isEqualTo("ready");
    }

    @Test
    void aFileStillBeingWrittenIsNotYetReadable() throws IOException {
        write("4242\n" + pgdata + "\n1795287712\n");

        assertThat(PostmasterPidFile.read(pgdata)).isEmpty();
    }

    @Test
    void noPidFileMeansNoRunningPostmaster() throws IOException {
        assertThat(PostmasterPidFile.findRunning(pgdata)).isEmpty();
    }

    @Test
    void stalePidFileOfAnExitedProcessIsIgnored() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        write(pidFile(exited.pid(), pgdata, 54321, "ready"));

        assertThat(PostmasterPidFile.findRunning(pgdata)).isEmpty();
    }

    @Test
    void pidReusedByAProcessThatIsNotPostgresIsIgnored() throws IOException {
        // This JVM is alive but is not a postmaster, as when a stale pid has been handed to another program.
        write(pidFile(ProcessHandle.current().pid(), pgdata, 54321, "ready"));

        assertThat(PostmasterPidFile.findRunning(pgdata)).isEmpty();
    }

    private static String pidFile(long pid, Path dataDirectory, int port, String status) {
        return pid + "\n" + dataDirectory + "\n1795287712\n" + port + "\n\n127.0.0.1\n  2156148         9\n" + status
                + "\n";
    }

    private void write(String content) throws IOException {
        Files.writeString(pgdata.resolve(PostmasterPidFile.NAME), content, StandardCharsets.UTF_8);
    }
}
