package com.leadignite.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OpenID provider on loopback: Spring Authorization Server with a form login, one confidential
 * client (client_secret_basic, authorization code with PKCE) and users the tests add, whose ID tokens carry
 * {@code email} and {@code email_verified}. One per test JVM, started on first use; shared by the
 * social-login tests of {@code auth.oidc} and the browser test of {@code webapp}.
 *
 * <p>The client's redirect URI is {@value #PUBLIC_BASE_URL}{@code /auth/v1/callback}: a loopback IP
 * literal, so the provider accepts it on any port (RFC 8252 §7.3), which lets a test whose service runs on
 * another port of {@code 127.0.0.1} use the same registration.
 */
public final class AuthorizationServerStandIn {

    public static final String CLIENT_ID = "leadignite-social";
    public static final String CLIENT_SECRET = "sas-client-secret-7Qp2Lr9Wx";
    public static final String PASSWORD = "provider-password-4Tn8";
    /** Where the service says it lives (PUBLIC_BASE_URL of the social-login tests); see auth.oidc.SocialLoginTestBase. */
    public static final String PUBLIC_BASE_URL = "http://127.0.0.1:9";

    /** A user of the provider: the address it reports and whether it vouches for it. */
    record ProviderUser(String email, boolean emailVerified) {
    }

    private static final Map<String, ProviderUser> USERS = new ConcurrentHashMap<>();
    private static volatile ConfigurableApplicationContext context;

    private AuthorizationServerStandIn() {
    }

    /** Adds a provider user with a fresh username (its {@code sub}) and returns the username. */
    public static String addUser(String email, boolean emailVerified) {
        String username = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        USERS.put(username, new ProviderUser(email, emailVerified));
        return username;
    }

    public static synchronized String issuer() {
        if (context == null) {
            context = new SpringApplicationBuilder(ProviderApp.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("spring.config.name=oidc-stand-in", "server.port=0", "server.address=127.0.0.1",
                            "spring.main.banner-mode=off", "logging.level.root=WARN", "server.shutdown=immediate")
                    .run();
        }
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }

    // A test configuration: neither found as the service tests' @SpringBootConfiguration nor picked up by
    // the service's component scan.
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({
            org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration.class,
            org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
            org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class,
            org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
            org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
            org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration.class})
    static class ProviderApp {

        @Bean
        SecurityFilterChain provider(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(r -> r.anyRequest().authenticated())
                    .oauth2AuthorizationServer(as -> as.oidc(Customizer.withDefaults()))
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return username -> {
                if (!USERS.containsKey(username)) {
                    throw new UsernameNotFoundException("unknown");
                }
                return User.withUsername(username).password("{noop}" + PASSWORD).roles("USER").build();
            };
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId("leadignite")
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(PUBLIC_BASE_URL + "/auth/v1/callback")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.EMAIL).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .build());
        }

        @Bean
        com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys() throws Exception {
            com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("sas-1").generate();
            return new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(new com.nimbusds.jose.jwk.JWKSet(key));
        }

        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder jwtDecoder(
                com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys) {
            return org.springframework.security.config.annotation.web.configuration
                    .OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return ctx -> {
                if (OidcParameterNames.ID_TOKEN.equals(ctx.getTokenType().getValue())) {
                    ProviderUser u = USERS.get(ctx.getPrincipal().getName());
                    if (u != null) {
                        ctx.getClaims().claim("email", u.email()).claim("email_verified", u.emailVerified());
                    }
                }
            };
        }
    }
}
