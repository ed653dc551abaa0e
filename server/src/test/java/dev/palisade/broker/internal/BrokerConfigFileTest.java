package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.broker.BrokerSettings;
import dev.palisade.broker.BrokerSettings.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerConfigFileTest {

    private static final Path KEYS = Path.of("/data/tls/device-endpoint.p12");
    private static final Path ROOTS = Path.of("/data/broker/trusted-roots.p12");

    @Test
    void theOnlyListenerIsTls13WithARequiredClientCertificate() {
        String config = BrokerConfigFile.content(
                new BrokerSettings(
                        true,
                        8883,
                        "0.0.0.0",
                        262144,
                        null,
                        TlsProvider.BORINGSSL,
                        Duration.ofSeconds(2),
                        RateLimitsTest.DEFAULTS),
                KEYS,
                ROOTS,
                "pw");

        assertThat(config)
                .contains("<tls-tcp-listener>")
                .contains("<port>8883</port>")
                .contains("<client-authentication-mode>REQUIRED</client-authentication-mode>")
                .contains("<protocol>TLSv1.3</protocol>")
                .doesNotContain("<tcp-listener>")
                .doesNotContain("TLSv1.2");
    }

    @Test
    void aPlaintextListenerIsOnlyEverOnLoopbackAndOnlyWhenAskedFor() {
        String config = BrokerConfigFile.content(
                new BrokerSettings(
                        true,
                        8883,
                        "0.0.0.0",
                        262144,
                        1883,
                        TlsProvider.BORINGSSL,
                        Duration.ofSeconds(2),
                        RateLimitsTest.DEFAULTS),
                KEYS,
                ROOTS,
                "pw");

        String plaintext = config.substring(config.indexOf("<tcp-listener>"), config.indexOf("</tcp-listener>"));
        assertThat(plaintext).contains("<port>1883</port>").contains("<bind-address>127.0.0.1</bind-address>");
    }

    @Test
    void packetsAreLimitedToTheConfiguredSize() {
        String config = BrokerConfigFile.content(
                new BrokerSettings(
                        true,
                        8883,
                        "0.0.0.0",
                        65536,
                        null,
                        TlsProvider.BORINGSSL,
                        Duration.ofSeconds(2),
                        RateLimitsTest.DEFAULTS),
                KEYS,
                ROOTS,
                "pw");

        assertThat(config).contains("<max-packet-size>65536</max-packet-size>");
    }

    @Test
    void usageStatisticsAreNeverSent() {
        String config = BrokerConfigFile.content(
                new BrokerSettings(
                        true,
                        8883,
                        "0.0.0.0",
                        262144,
                        null,
                        TlsProvider.BORINGSSL,
                        Duration.ofSeconds(2),
                        RateLimitsTest.DEFAULTS),
                KEYS,
                ROOTS,
                "pw");

        assertThat(config.replaceAll("\\s", ""))
                .contains("<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>");
    }

    @Test
    void valuesAreEscapedSoThatNoneCanAddElements() {
        String config = BrokerConfigFile.content(
                new BrokerSettings(
                        true,
                        8883,
                        "0.0.0.0",
                        262144,
                        null,
                        TlsProvider.BORINGSSL,
                        Duration.ofSeconds(2),
                        RateLimitsTest.DEFAULTS),
                KEYS,
                ROOTS,
                "a</password><x>&'\"");

        assertThat(config)
                .contains("a&lt;/password&gt;&lt;x&gt;&amp;&apos;&quot;")
                .doesNotContain("<x>");
    }
}
