package com.leadignite.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Like {@code IntegrationTest}, plus an external Supabase project (issuer and legacy HS256 secret fixed
 * here; the JWKS URL points at a loopback WireMock server, set by the test). A separate context, used only
 * by the external-token tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "leadignite.supabase.issuer=" + ExternalSupabaseTest.ISSUER,
        "leadignite.supabase.jwt-secret=" + ExternalSupabaseTest.SECRET})
@ActiveProfiles("test")
public @interface ExternalSupabaseTest {
    String ISSUER = "https://external-project.supabase.test/auth/v1";
    String SECRET = "external-legacy-jwt-secret-0123456789-abcdefghij";
}
