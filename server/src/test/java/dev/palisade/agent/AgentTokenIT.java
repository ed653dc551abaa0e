package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.keys.SoftHsmToken;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference agent with its key in a PKCS#11 token (SoftHSM2), against the real server's EST endpoint: the key is
 * made in the token and never leaves it, the request and the renewal's TLS handshake are signed there, and a restarted
 * device finds its newest credential in the token.
 */
class AgentTokenIT extends WithServer {

    @Test
    void aDeviceEnrolsAndRenewsWithKeysMadeInItsToken() throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("meter-0001");
        Credential issued = pki.issue("meter-0001", "bootstrap");
        var bootstrap = new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE);
        X509Certificate root = EstClients.root(DATA_DIR);
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), root);
        SoftHsmToken token = SoftHsmToken.initialise(AgentTokenIT.class);
        TokenKeys keys =
                TokenKeys.open(token.library(), token.slot(), token.pin().toCharArray());

        var enrolment = new EstEnrolment(endpoints, tenant.slug(), keys);
        DeviceCredential operational = enrolment.enrol("meter-0001", bootstrap);
        // the renewal is authenticated by the current certificate: its TLS handshake is signed inside the token
        DeviceCredential renewed = enrolment.renew("meter-0001", operational);

        assertThat(operational.origin()).isEqualTo(KeyOrigin.TOKEN);
        assertThat(operational.key().getEncoded())
                .as("the token never reveals the private key")
                .isNull();
        assertThat(operational.certificate().getSubjectX500Principal().getName())
                .contains("CN=meter-0001");
        assertThat(renewed.certificate().getPublicKey())
                .as("a renewal makes a new key")
                .isNotEqualTo(operational.certificate().getPublicKey());
        assertThat(renewed.key().getEncoded()).isNull();
        assertThat(pki.state("meter-0001")).isEqualTo("active");
        SoftHsmToken afterRestart = token.reloaded();
        DeviceCredential kept = TokenKeys.open(
                        afterRestart.library(),
                        afterRestart.slot(),
                        afterRestart.pin().toCharArray())
                .credential("meter-0001")
                .orElseThrow();
        assertThat(kept.certificate()).isEqualTo(renewed.certificate());
        assertThat(kept.chain()).hasSameSizeAs(renewed.chain());
    }

    @Test
    void aRenewalStoppedAfterStoringTheNewCredentialLeavesTheNewerInUseAndTheWipeTakesBoth() throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("meter-0002");
        Credential issued = pki.issue("meter-0002", "bootstrap");
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), EstClients.root(DATA_DIR));
        SoftHsmToken token = SoftHsmToken.initialise(AgentTokenIT.class);
        TokenKeys keys =
                TokenKeys.open(token.library(), token.slot(), token.pin().toCharArray());
        DeviceCredential enrolled = new EstEnrolment(endpoints, tenant.slug(), keys)
                .enrol("meter-0002", new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE));
        KeyPair next = keys.generate();
        // certificate times count whole seconds: a renewal in the enrolment's second could not be told from it
        long enrolledBy = Clock.systemUTC().millis() / 1000;
        await().atMost(Duration.ofSeconds(5)).until(() -> Clock.systemUTC().millis() / 1000 > enrolledBy);
        var renewal = pki.certify(
                "meter-0002",
                MqttClients.pem(
                        "CERTIFICATE REQUEST", keys.request("meter-0002", next).getEncoded()));

        // the device stops after the new entry is stored, before the old one is deleted
        keys.storeBeside(
                "meter-0002",
                next,
                List.of(renewal.certificate(), renewal.chain().getFirst()));
        SoftHsmToken afterRestart = token.reloaded();
        TokenKeys restarted = TokenKeys.open(
                afterRestart.library(), afterRestart.slot(), afterRestart.pin().toCharArray());
        DeviceCredential found = restarted.credential("meter-0002").orElseThrow();
        restarted.destroy("meter-0002");

        assertThat(found.certificate()).isEqualTo(renewal.certificate());
        assertThat(found.certificate()).isNotEqualTo(enrolled.certificate());
        assertThat(restarted.credential("meter-0002"))
                .as("the wipe takes both entries")
                .isEmpty();
    }

    @Test
    void aWrongPinOrAMissingModuleIsAClearError() {
        SoftHsmToken token = SoftHsmToken.initialise(AgentTokenIT.class);

        assertThatThrownBy(() -> TokenKeys.open(token.library(), token.slot(), "wrong-pin".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong PIN");
        assertThatThrownBy(() -> TokenKeys.open(
                        token.library().resolveSibling("no-such-module.so"), token.slot(), "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }
}
