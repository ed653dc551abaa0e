package dev.palisade.audit.internal;

import dev.palisade.audit.AuditLogIdentity;
import dev.palisade.storage.Installation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names this installation's audit logs. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditLogIdentity auditLogIdentity(Installation installation) {
        return new AuditLogIdentity(installation);
    }
}
