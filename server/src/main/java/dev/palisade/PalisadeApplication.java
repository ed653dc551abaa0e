package dev.palisade;

import dev.palisade.shared.DataDirectory;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Palisade control plane. Started by {@code palisade serve} (see {@link dev.palisade.cli.PalisadeMain}); every
 * feature is a package below this one.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PalisadeApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataDirectory dataDirectory(@Value("${palisade.data-dir:palisade-data}") Path root) {
        return new DataDirectory(root);
    }
}
