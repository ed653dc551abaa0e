package dev.palisade.deviceapi.est;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves EST beside Spring MVC's dispatcher, under the RFC 7030 path. */
@Configuration(proxyBeanMethods = false)
class EstServletRegistration {

    @Bean
    ServletRegistrationBean<EstServlet> estServlet(EstEndpoint endpoint) {
        var registration = new ServletRegistrationBean<>(new EstServlet(endpoint), EstServlet.PREFIX + "*");
        registration.setName("est");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
