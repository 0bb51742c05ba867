package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

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
                            ManagementPortMatcher managementPort) throws Exception {
        http
                .headers(SecurityHeaders.apply())
                .cors(Customizer.withDefaults())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDeniedHandler))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> {
                })
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/.well-known/jwks.json",
                                "/auth/v1/.well-known/jwks.json").permitAll()
                        .requestMatchers(HttpMethod.POST, "/auth/v1/signup", "/auth/v1/token").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(managementPort).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(tokenAuthenticationManagerResolver)
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler));
        return http.build();
    }
}
