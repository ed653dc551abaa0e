package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.shared.SecretFiles;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.ServerProcess;
import dev.palisade.support.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Kills the real server with SIGKILL in the middle of a stream of changes, restarts it, and checks that every change
 * the API acknowledged is still there and that the audit log still verifies. The last round also kills PostgreSQL,
 * so that the database has to recover from its own crash.
 */
class CrashRecoveryIT {

    private static final Duration READY = Duration.ofSeconds(90);

    @Test
    void noAcknowledgedChangeIsLostWhenTheServerIsKilledAtAnyMoment() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-it-").toAbsolutePath();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sequence = new AtomicInteger();

        try (ServerProcess server = ServerProcess.start(dataDir).awaitReady(READY)) {
            for (int round = 1; round <= 3; round++) {
                boolean killDatabaseToo = round == 3;
                writeUntilKilled(server, dataDir, acknowledged, sequence, killDatabaseToo);
                server.restart().awaitReady(READY);
            }

            Set<String> present = operatorNames(server.api(), token(dataDir));
            assertThat(acknowledged).isNotEmpty();
            assertThat(present).containsAll(acknowledged);

            ServerProcess.Completed verify =
                    ServerProcess.run(Duration.ofMinutes(2), "audit", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("All 1 audit log(s) intact.");

            assertThat(server.stop()).isIn(0, 130, 143);
        }
        assertThat(Files.exists(dataDir.resolve("postgres/pgdata/postmaster.pid")))
                .as("a clean stop stops the embedded PostgreSQL too")
                .isFalse();
    }

    private static void writeUntilKilled(
            ServerProcess server, Path dataDir, Set<String> acknowledged, AtomicInteger sequence, boolean killDatabase)
            throws Exception {
        TestApi api = server.api();
        String token = token(dataDir);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                String name = "op-" + sequence.incrementAndGet();
                try {
                    ApiResponse created = api.post("/api/v1/operators", token, Map.of("name", name, "role", "viewer"));
                    if (created.status() == 201) {
                        acknowledged.add(name);
                    }
                } catch (RuntimeException connectionLost) {
                    // the outcome of a request cut off by the kill is unknown; it was never acknowledged
                }
            }
        });
        Thread.sleep(ThreadLocalRandom.current().nextLong(800, 2500));
        long postmaster = postmasterPid(dataDir);
        server.killHard();
        if (killDatabase) {
            ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
        }
        running.set(false);
        writer.join();
    }

    private static long postmasterPid(Path dataDir) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/pgdata/postmaster.pid"))
                .getFirst()
                .strip());
    }

    private static String token(Path dataDir) {
        return SecretFiles.readString(dataDir.resolve("secrets/admin-token"));
    }

    private static Set<String> operatorNames(TestApi api, String token) {
        Set<String> names = new HashSet<>();
        String cursor = null;
        do {
            ApiResponse page =
                    api.get("/api/v1/operators?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), token);
            page.body()
                    .path("items")
                    .forEach(item -> names.add(item.path("name").asString()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.text("nextCursor");
        } while (cursor != null);
        return names;
    }
}
