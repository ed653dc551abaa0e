package dev.palisade.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.pki.PkiSettings;
import dev.palisade.shared.DataDirectory;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic root ceremony, run for real (a separate {@code palisade ca init-root} process). */
class OfflineRootTest {

    @TempDir
    Path dataDir;

    /**
     * On a first start the device endpoint's certificate and a new tenant's first certificate both need the root, from
     * different threads; a second ceremony must not run, since it would refuse to replace the root, or replace it.
     */
    @Test
    void callersThatNeedTheRootAtOnceGetTheOneRootOneCeremonyMade() throws Exception {
        var root = new OfflineRoot(settings(), new DataDirectory(dataDir));
        var start = new CountDownLatch(1);
        List<Future<X509Certificate>> callers = new ArrayList<>();

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                callers.add(threads.submit(() -> {
                    start.await();
                    return root.ensureExists();
                }));
            }
            start.countDown();
            X509Certificate first = callers.get(0).get(3, TimeUnit.MINUTES);
            X509Certificate second = callers.get(1).get(3, TimeUnit.MINUTES);

            assertThat(second).isEqualTo(first);
            assertThat(root.certificate()).hasValue(first);
        } finally {
            threads.shutdownNow();
        }
    }

    private static PkiSettings settings() {
        return new PkiSettings(
                PkiSettings.Ceremony.AUTOMATIC,
                null,
                null,
                KeyAlgorithm.ECDSA_P256,
                Duration.ofDays(1825),
                Duration.ofDays(30),
                Duration.ofDays(365),
                Duration.ofDays(90),
                Duration.ofDays(30),
                Duration.ofHours(1),
                Duration.ofHours(24),
                URI.create("http://localhost:8080"));
    }
}
