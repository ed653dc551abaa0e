package dev.palisade.broker.internal;

import dev.palisade.broker.BrokerSettings;
import dev.palisade.shared.SecretFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes HiveMQ's {@code config.xml} on every start, from Palisade's settings: it is derived state, never edited by
 * hand. One TLS listener, TLS 1.3 only, client certificate required; a plaintext listener only when explicitly asked
 * for, and then on loopback only; no usage statistics sent anywhere. The file holds the key store's password, so it is
 * written owner-only into an owner-only directory, like the password file it comes from.
 */
public final class BrokerConfigFile {

    private BrokerConfigFile() {}

    /**
     * @param keyStore PKCS#12 with the endpoint's key and certificate chain
     * @param trustStore PKCS#12 with the trusted issuing CAs
     * @param password of both stores and of the key
     */
    public static void write(
            Path configFolder, BrokerSettings settings, Path keyStore, Path trustStore, String password) {
        SecretFiles.ownerOnlyDirectory(configFolder);
        SecretFiles.writeString(configFolder.resolve("config.xml"), content(settings, keyStore, trustStore, password));
    }

    static String content(BrokerSettings settings, Path keyStore, Path trustStore, String password) {
        String plaintext = settings.insecureLoopbackPort() == null
                ? ""
                : String.format(Locale.ROOT, """
                                <tcp-listener>
                                    <port>%d</port>
                                    <bind-address>127.0.0.1</bind-address>
                                    <name>insecure-loopback</name>
                                </tcp-listener>
                        """, settings.insecureLoopbackPort());
        return String.format(
                Locale.ROOT,
                """
                <?xml version="1.0"?>
                <!-- Written by Palisade on every start; edits are overwritten. Configure palisade.broker.* instead. -->
                <hivemq>
                    <listeners>
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <name>devices</name>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                                <truststore>
                                    <path>%s</path>
                                    <password>%s</password>
                                </truststore>
                                <client-authentication-mode>REQUIRED</client-authentication-mode>
                                <protocols>
                                    <protocol>TLSv1.3</protocol>
                                </protocols>
                            </tls>
                        </tls-tcp-listener>
                %s    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                    </mqtt>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """,
                settings.port(),
                xml(settings.bindAddress()),
                xml(keyStore.toString()),
                xml(password),
                xml(password),
                xml(trustStore.toString()),
                xml(password),
                plaintext,
                settings.maxPacketSize());
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
