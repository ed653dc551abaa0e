package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.palisade.broker.BrokerSettings.TlsProvider;
import dev.palisade.broker.internal.BrokerTlsProvider;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The broker's TLS listener runs on netty-tcnative's BoringSSL by default ({@code palisade.broker.tls-provider}), and
 * nothing else in
 * the process is handed Conscrypt's TLS for asking without naming a provider; the listener still names only the root
 * as an acceptable issuer.
 */
class BrokerTlsProviderIT extends WithServer {

    @Test
    void listenerRunsOnBoringSslWhileUnnamedTlsContextsStayTheJdks() throws Exception {
        X509Certificate root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, pki.issue(device, "device"), root);

        MqttClients.connectOnceTrusted(client);
        client.disconnect();

        assertThat(BrokerTlsProvider.servedTheBroker()).isEqualTo(TlsProvider.BORINGSSL);
        assertThat(SSLContext.getInstance("TLS").getProvider().getName()).isEqualTo("SunJSSE");
        assertThat(TrustManagerFactory.getInstance("PKIX").getProvider().getName())
                .isEqualTo("SunJSSE");
    }

    @Test
    void theHandshakeNamesNoTenantsCaToAnAnonymousClient() throws Exception {
        X509Certificate root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);

        List<Principal> announced = EstClients.announcedIssuers(mqttPort(), root);

        assertThat(announced).containsExactly(root.getSubjectX500Principal());
    }
}
