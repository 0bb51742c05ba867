package com.leadignite.auth.oidc;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The OIDC social-login providers, from {@code AUTH_OIDC_<NAME>_ISSUER}, {@code _CLIENT_ID},
 * {@code _CLIENT_SECRET} and {@code _SCOPES} (API.md §9). The prefix is {@code auth} so that relaxed binding
 * maps those environment names straight onto {@code auth.oidc.<name>.issuer} etc.; a name is therefore one
 * word of lower-case letters and digits ({@code AUTH_OIDC_MY_IDP_ISSUER} would be read as provider
 * {@code my}, and is refused for lacking a client id).
 *
 * @param oidc providers by name (the {@code provider} of {@code /authorize}); empty = no social login
 */
@Validated
@ConfigurationProperties("auth")
public record OidcProviderProperties(Map<String, @Valid Provider> oidc) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,32}");

    public OidcProviderProperties {
        Map<String, Provider> copy = new LinkedHashMap<>();
        if (oidc != null) {
            oidc.forEach((name, p) -> {
                String n = name.toLowerCase(java.util.Locale.ROOT);
                if (!NAME.matcher(n).matches()) {
                    throw new IllegalArgumentException("AUTH_OIDC_<NAME>_*: a provider name is 1 to 32 letters or digits");
                }
                copy.put(n, p);
            });
        }
        oidc = Map.copyOf(copy);
    }

    /**
     * One provider.
     *
     * @param issuer       its issuer URL, exactly as its ID tokens' {@code iss}; discovery is read from
     *                     {@code <issuer>/.well-known/openid-configuration}
     * @param clientId     the client registered with it (the {@code aud} of its ID tokens)
     * @param clientSecret that client's secret; never logged or printed
     * @param scopes       space- or comma-separated scopes; {@code openid} is always sent
     */
    public record Provider(@NotBlank String issuer, @NotBlank String clientId, @NotBlank String clientSecret,
                           @DefaultValue("openid email profile") String scopes) {

        public Provider {
            // Checked here, not by @Pattern: a failed constraint would print the value.
            if (issuer != null && !issuer.isBlank()) {
                issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
                try {
                    URI u = new URI(issuer);
                    if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                            || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                        throw new IllegalArgumentException("AUTH_OIDC_<NAME>_ISSUER must be an http(s) URL without user info, query or fragment");
                    }
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("AUTH_OIDC_<NAME>_ISSUER must be an http(s) URL");
                }
            }
        }

        /** The scopes to ask for, {@code openid} first. */
        public List<String> scopeList() {
            List<String> list = new java.util.ArrayList<>(List.of("openid"));
            if (scopes != null) {
                Arrays.stream(scopes.split("[\\s,]+")).map(String::trim)
                        .filter(s -> !s.isEmpty() && !list.contains(s)).forEach(list::add);
            }
            return List.copyOf(list);
        }

        @Override
        public String toString() {
            return "Provider[issuer=" + Redacted.url(issuer) + ", clientId=" + clientId + ", clientSecret="
                    + Redacted.secret(clientSecret) + ", scopes=" + scopes + "]";
        }
    }
}
