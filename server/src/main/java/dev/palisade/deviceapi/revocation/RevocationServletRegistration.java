package dev.palisade.deviceapi.revocation;

import dev.palisade.pki.RevocationStatus;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves CRLs and OCSP beside Spring MVC's dispatcher, on the paths the certificates name. */
@Configuration(proxyBeanMethods = false)
class RevocationServletRegistration {

    @Bean
    ServletRegistrationBean<RevocationServlet> revocationServlet(RevocationStatus status) {
        var registration = new ServletRegistrationBean<>(new RevocationServlet(status), "/crl/*", "/ocsp/*");
        registration.setName("revocation");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
