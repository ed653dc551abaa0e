package dev.palisade.keys.internal;

import dev.palisade.keys.KeyCustodies;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeysSettings;
import dev.palisade.shared.DataDirectory;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured key custody back end. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    KeyCustody keyCustody(KeysSettings settings, DataDirectory dataDirectory, Clock clock) {
        return KeyCustodies.open(settings, dataDirectory, clock);
    }
}
