package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import com.leadignite.security.ratelimit.UserRateLimitFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The request pipeline. Deny by default: a route is public only if it is listed here.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http,
                            AuthenticationManagerResolver<HttpServletRequest> tokenAuthenticationManagerResolver,
                            ProblemAuthenticationEntryPoint entryPoint,
                            ProblemAccessDeniedHandler accessDeniedHandler,
                            ManagementPortMatcher managementPort,
                            UserRateLimitFilter userRateLimit,
                            SessionCookies sessionCookies,
                            @Qualifier("requestMappingHandlerMapping")
                            ObjectProvider<RequestMappingHandlerMapping> handlerMappings) throws Exception {
        UnknownAuthRoutes unknownAuthRoutes = new UnknownAuthRoutes(handlerMappings::getObject);
        PublicRouteBearerTokenResolver tokens = new PublicRouteBearerTokenResolver(unknownAuthRoutes);
        http
                .headers(SecurityHeaders.apply())
                .cors(Customizer.withDefaults())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDeniedHandler))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Only cookie-authenticated unsafe requests need the token (CookieCsrfMatcher); spa() reads
                // it raw from X-XSRF-TOKEN, the repository keeps it in the readable XSRF-TOKEN cookie. The
                // resource server would exempt every request it can read a token from, the cookie ones too:
                // the post-processor puts this chain's own matcher back as the only rule.
                .csrf(c -> c.spa()
                        .csrfTokenRepository(sessionCookies.csrfTokens())
                        .withObjectPostProcessor(new ObjectPostProcessor<CsrfFilter>() {
                            @Override
                            public <O extends CsrfFilter> O postProcess(O filter) {
                                filter.setRequireCsrfProtectionMatcher(new CookieCsrfMatcher(tokens));
                                return filter;
                            }
                        }))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> {
                })
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/.well-known/jwks.json",
                                "/auth/v1/.well-known/jwks.json").permitAll()
                        .requestMatchers(HttpMethod.POST, "/auth/v1/signup", "/auth/v1/token", "/auth/v1/recover",
                                "/auth/v1/verify", "/auth/v1/resend").permitAll()
                        // Social login: the browser's legs to and from the provider; the state authenticates them.
                        .requestMatchers(HttpMethod.GET, "/auth/v1/providers", "/auth/v1/authorize", "/auth/v1/callback").permitAll()
                        // Provider webhooks authenticate by signature (verified by the webhooks feature).
                        .requestMatchers(HttpMethod.POST, "/webhooks/*/*").permitAll()
                        .requestMatchers("/error").permitAll()
                        // The static browser app signs in by itself (cookie session); the page holds no data.
                        .requestMatchers(HttpMethod.GET, "/app", "/app/**").permitAll()
                        // API inventory (OWASP API9): the OpenAPI document is public.
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**").permitAll()
                        // Public lead capture: authenticated by its form key in the handler; CORS preflight is
                        // answered for any origin without credentials (it cannot carry the key).
                        .requestMatchers(HttpMethod.OPTIONS, "/api/v1/public/lead-capture").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/public/lead-capture").permitAll()
                        .requestMatchers(managementPort).permitAll()
                        // No handler serves these: the dispatcher answers 404/405 (GoTrue shape), not a bearer check.
                        .requestMatchers(unknownAuthRoutes).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(tokens)
                        .authenticationManagerResolver(tokenAuthenticationManagerResolver)
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                // Per-user limits need the authenticated caller; per-IP limits ran before security.
                .addFilterAfter(userRateLimit, BearerTokenAuthenticationFilter.class);
        return http.build();
    }
}
