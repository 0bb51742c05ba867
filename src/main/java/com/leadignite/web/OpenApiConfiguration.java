package com.leadignite.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API inventory (OWASP API9): the OpenAPI document at {@code /v3/api-docs} is generated from the
 * mapped handlers, so it cannot drift from what is deployed. Every operation requires the bearer JWT
 * unless the security configuration makes it public.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    public static final String BEARER = "bearer-jwt";

    @Bean
    OpenAPI leadIgniteOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Lead Ignite API").version("v1"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("Access token from /auth/v1/token (ES256, Supabase-compatible claims)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
