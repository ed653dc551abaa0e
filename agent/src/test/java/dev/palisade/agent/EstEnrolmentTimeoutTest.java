package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EstEnrolmentTimeoutTest {

    private final Instant now = Clock.systemUTC().instant();

    @Test
    void anEndpointThatAcceptsAndNeverAnswersFailsTheRequestAtTheTimeout() throws Exception {
        DeviceCredential bootstrap = TestCredentials.valid("meter-1", now.minusSeconds(60), now.plusSeconds(3600));
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // kept open, never written to
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var endpoints = new Endpoints(
                    "localhost", silent.getLocalPort(), 1, bootstrap.chain().getFirst());
            var enrolment = new EstEnrolment(endpoints, null, new SoftwareKeys(KeyOrigin.SOFTWARE))
                    .withTimeout(Duration.ofMillis(300));

            assertThatThrownBy(() -> enrolment.enrol("meter-1", bootstrap))
                    .isInstanceOf(EnrolmentException.class)
                    .hasMessageContaining("cannot reach the EST endpoint")
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
        assertThat(accepted)
                .as("the request did reach the endpoint before it timed out")
                .isNotEmpty();
    }

    @Test
    void aTimeoutMustBePositive() {
        var endpoints = new Endpoints(
                "localhost",
                1,
                1,
                TestCredentials.valid("m", now, now.plusSeconds(60)).chain().getFirst());
        var enrolment = new EstEnrolment(endpoints, null, new SoftwareKeys(KeyOrigin.SOFTWARE));
        assertThatThrownBy(() -> enrolment.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
