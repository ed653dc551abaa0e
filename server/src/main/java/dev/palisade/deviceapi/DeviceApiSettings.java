package dev.palisade.deviceapi;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Device-facing endpoints.
 *
 * @param enabled whether to open them at all
 * @param port HTTPS port of the device endpoint (EST); 0 picks a free one
 * @param httpPort plain-HTTP port serving CRLs and OCSP; 0 picks a free one
 * @param bindAddress interface both listen on
 * @param hostNames DNS names in the device endpoint's certificate (devices verify the endpoint by one of them)
 */
@ConfigurationProperties("palisade.device-api")
public record DeviceApiSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("9443") int port,
        @DefaultValue("8080") int httpPort,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("localhost") List<String> hostNames) {

    public DeviceApiSettings {
        hostNames = List.copyOf(hostNames);
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("palisade.device-api.host-names needs at least one name");
        }
    }
}
