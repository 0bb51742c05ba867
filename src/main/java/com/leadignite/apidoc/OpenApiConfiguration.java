package com.leadignite.apidoc;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API inventory (OWASP API9): the OpenAPI document at {@code /v3/api-docs} is generated from the
 * mapped handlers, so it cannot drift from what is deployed, and then completed by {@link ApiDocument}
 * with what the handler signatures cannot tell (wire names, statuses, errors, public routes, limits).
 * Every operation requires the bearer JWT unless it is one of {@link ApiCatalog}'s public routes.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    public static final String BEARER = "bearer-jwt";

    @Bean
    OpenAPI leadIgniteOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Lead Ignite API").version("v1")
                        .description("Leads, calls and AI voice assistants; Supabase-compatible auth under /auth/v1. "
                                + "Guide: docs/api.md."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("Access token from /auth/v1/token (ES256, Supabase-compatible claims)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer leadIgniteDocumentCompletion() {
        return ApiDocument::complete;
    }
}
