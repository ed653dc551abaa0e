package dev.palisade.storage.jdbc;

import dev.palisade.storage.Installation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the installation's identity, which the first migration created. */
@Configuration(proxyBeanMethods = false)
class InstallationConfiguration {

    @Bean
    Installation installation(JdbcClient jdbc) {
        return new Installation(jdbc.sql("select id from installation")
                .query(java.util.UUID.class)
                .single());
    }
}
