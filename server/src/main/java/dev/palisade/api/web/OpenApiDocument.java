package dev.palisade.api.web;

import dev.palisade.tenancy.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at {@code /api/v1/openapi.json}: bearer authentication on every operation. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static {
        // The authenticated caller is resolved from the request, not sent by clients.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI palisadeOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null ? "development" : properties.getVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Palisade operator API")
                        .version(version)
                        .description("Tenants, operators, API tokens and the tamper-evident audit log. Errors are"
                                + " RFC 9457 problem details with a stable 'code'. Lists are paged with opaque"
                                + " cursors; creating POSTs accept an Idempotency-Key header."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token, pal_…")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
