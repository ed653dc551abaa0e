package dev.palisade.api.web;

import dev.palisade.api.security.CallerArgument;
import dev.palisade.api.security.PermissionCheck;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the permission check and the caller argument with Spring MVC. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final PermissionCheck permissionCheck;
    private final CallerArgument callerArgument;

    WebConfiguration(PermissionCheck permissionCheck, CallerArgument callerArgument) {
        this.permissionCheck = permissionCheck;
        this.callerArgument = callerArgument;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(permissionCheck).addPathPatterns("/api/v1/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callerArgument);
    }
}
