package dev.palisade.api;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Operator API settings.
 *
 * @param port HTTPS port (0 picks a free one)
 * @param bindAddress interface to listen on
 * @param maxBodySize largest request body accepted
 * @param authFailuresPerMinute failed token attempts allowed per source address before requests from it are refused
 *     for a while
 * @param tlsCertificate PEM certificate chain to serve; when unset, a self-signed certificate is generated on first
 *     start and kept in the data directory
 * @param tlsPrivateKey PEM private key of {@code tlsCertificate}
 */
@ConfigurationProperties("palisade.api")
public record ApiSettings(
        @DefaultValue("8443") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("10") int authFailuresPerMinute,
        @Nullable Path tlsCertificate,
        @Nullable Path tlsPrivateKey) {

    public ApiSettings {
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("palisade.api.max-body-size must be at least 1KB");
        }
        if (authFailuresPerMinute < 1) {
            throw new IllegalArgumentException("palisade.api.auth-failures-per-minute must be at least 1");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException(
                    "palisade.api.tls-certificate and palisade.api.tls-private-key are set together");
        }
    }
}
