package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Which failures make the agent give up for good; the MQTT side is shown against the real broker by the demo tour. */
class RefusalsTest {

    @Test
    void aCertificateRejectedInTlsIsARefusalWhereverItIsWrapped() {
        var alert = new SSLHandshakeException("Received fatal alert: certificate_revoked");

        assertThat(Refusals.credentialRefused(new CompletionException(new IOException(alert))))
                .hasValue("certificate rejected in TLS: certificate_revoked");
    }

    @Test
    void networkFailuresAndOtherTlsFailuresAreNotRefusals() {
        assertThat(Refusals.credentialRefused(new ConnectException("Connection refused")))
                .isEmpty();
        assertThat(Refusals.credentialRefused(new SSLHandshakeException("Received fatal alert: protocol_version")))
                .isEmpty();
        assertThat(Refusals.credentialRefused(new SSLHandshakeException(null))).isEmpty();
        assertThat(Refusals.credentialRefused(new SSLHandshakeException(
                        "(certificate_unknown) PKIX path building failed: unable to find valid certification path")))
                .as("the device's own verdict on the server's certificate, not the server's on the device's")
                .isEmpty();
        assertThat(Refusals.credentialRefused(null)).isEmpty();
    }

    @Test
    void onlyAnAcknowledgementThatSaysNotAuthorizedIsARefusedPublish() {
        assertThat(Refusals.notAuthorized(new ConnectException("lost"))).isFalse();
        assertThat(Refusals.notAuthorized(null)).isFalse();
        assertThat(Refusals.disconnectReason(new IOException("closed"))).isEmpty();
    }
}
