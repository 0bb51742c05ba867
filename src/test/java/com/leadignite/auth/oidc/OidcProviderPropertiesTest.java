package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code AUTH_OIDC_<NAME>_*} environment variables become providers by name, secrets masked. */
class OidcProviderPropertiesTest {

    private static OidcProviderProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                // Named like the real one: relaxed binding maps environment names only for such a source.
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("auth", OidcProviderProperties.class);
    }

    @Test
    void environmentNamesBindToProvidersByName() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("AUTH_OIDC_GOOGLE_ISSUER", "https://accounts.google.com/");
        env.put("AUTH_OIDC_GOOGLE_CLIENT_ID", "g-client");
        env.put("AUTH_OIDC_GOOGLE_CLIENT_SECRET", "g-secret-value");
        env.put("AUTH_OIDC_GOOGLE_SCOPES", "email,profile");
        env.put("AUTH_OIDC_AZURE_ISSUER", "https://login.example.test/tenant/v2.0");
        env.put("AUTH_OIDC_AZURE_CLIENT_ID", "a-client");
        env.put("AUTH_OIDC_AZURE_CLIENT_SECRET", "a-secret-value");
        OidcProviderProperties p = bind(env);
        assertThat(p.oidc()).containsOnlyKeys("google", "azure");
        OidcProviderProperties.Provider google = p.oidc().get("google");
        assertThat(google.issuer()).isEqualTo("https://accounts.google.com");
        assertThat(google.clientId()).isEqualTo("g-client");
        assertThat(google.clientSecret()).isEqualTo("g-secret-value");
        assertThat(google.scopeList()).isEqualTo(List.of("openid", "email", "profile"));
        assertThat(p.oidc().get("azure").scopeList()).isEqualTo(List.of("openid", "email", "profile"));
        assertThat(p.toString()).doesNotContain("g-secret-value").doesNotContain("a-secret-value");
    }

    @Test
    void noVariablesMeanNoProviders() {
        assertThat(bind(Map.of()).oidc()).isEmpty();
    }

    @Test
    void anIssuerThatIsNotAPlainHttpUrlIsRefusedWithoutPrintingIt() {
        assertThatThrownBy(() -> new OidcProviderProperties.Provider("https://user:pw@idp.example.test", "c", "s", null))
                .hasMessageNotContaining("pw").hasMessageContaining("AUTH_OIDC_<NAME>_ISSUER");
        assertThatThrownBy(() -> new OidcProviderProperties.Provider("ftp://idp.example.test", "c", "s", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OidcProviderProperties.Provider("https://idp.example.test/?x=1", "c", "s", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerNamesAreOneWordOfLettersAndDigits() {
        OidcProviderProperties.Provider p = new OidcProviderProperties.Provider("https://idp.example.test", "c", "s", null);
        assertThatThrownBy(() -> new OidcProviderProperties(Map.of("my-idp", p))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OidcProviderProperties(Map.of("Okta1", p)).oidc()).containsOnlyKeys("okta1");
    }
}
