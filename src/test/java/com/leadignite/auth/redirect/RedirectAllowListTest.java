package com.leadignite.auth.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedirectAllowListTest {

    private final RedirectAllowList list = new RedirectAllowList(
            new AppProperties("https://api.example.com", "./data"),
            new RedirectProperties(List.of("https://app.example.com/auth", "http://localhost:3000")));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/auth",
            "https://app.example.com/auth/",
            "https://app.example.com/auth/callback?next=%2Fleads",
            "https://APP.example.com:443/auth/callback",
            "http://localhost:3000/",
            "http://localhost:3000/anything#frag",
            "https://api.example.com/app/"})
    void allowsEntriesAndPathsBelowThem(String target) {
        assertThat(list.check(target)).contains(target);
        assertThat(list.resolve(target)).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/auth",
            "https://app.example.com.evil.example/auth",
            "https://app.example.com@evil.example/auth",
            "https://user:pw@app.example.com/auth",
            "//evil.example/auth",
            "/auth/callback",
            "javascript:alert(1)",
            "JavaScript://app.example.com/auth/%0aalert(1)",
            "data:text/html,hi",
            "http://app.example.com/auth",
            "https://app.example.com:8443/auth",
            "https://app.example.com/authx",
            "https://app.example.com/",
            "https://app.example.com/auth/..%2f..%2fadmin",
            "https://app.example.com/auth/%2e%2e/admin",
            "https://app.example.com/auth/../admin",
            "https://app.example.com/auth/%5cevil",
            "https://app.example.com\\@evil.example/auth",
            "https:\\\\evil.example/auth",
            "https://app.example.com/auth/\tx",
            "http://localhost:3001/",
            "http://127.0.0.1:3000/",
            ""})
    void refusesEverythingElseAndFallsBackToThePublicBaseUrl(String target) {
        assertThat(list.check(target)).isEmpty();
        assertThat(list.resolve(target)).isEqualTo("https://api.example.com");
    }

    @Test
    void refusesControlAndNonAsciiCharactersAndHugeValues() {
        assertThat(list.check("https://app.example.com/auth/\u0000")).isEmpty();
        assertThat(list.check("https://app.example.com/auth/\ud800")).isEmpty();
        assertThat(list.check("https://app.example.com/auth/\u3002evil")).isEmpty();
        assertThat(list.check("https://app.example.com/auth/" + "a".repeat(3000))).isEmpty();
        assertThat(list.resolve(null)).isEqualTo("https://api.example.com");
    }

    @Test
    void withoutEntriesOnlyThePublicBaseUrlIsAllowed() {
        var only = new RedirectAllowList(new AppProperties("http://localhost:8080", "./data"),
                new RedirectProperties(List.of()));
        assertThat(only.check("http://localhost:8080/app/")).isPresent();
        assertThat(only.check("http://localhost:3000/")).isEmpty();
    }

    @Test
    void aMalformedEntryStopsStartUp() {
        assertThatThrownBy(() -> new RedirectProperties(List.of("https://app.example.com/?q=1")))
                .hasMessageContaining("AUTH_REDIRECT_ALLOW_LIST");
        assertThatThrownBy(() -> new RedirectProperties(List.of("javascript:alert(1)")))
                .hasMessageContaining("AUTH_REDIRECT_ALLOW_LIST");
        assertThatThrownBy(() -> new RedirectProperties(List.of("https://u@app.example.com")))
                .hasMessageContaining("AUTH_REDIRECT_ALLOW_LIST");
    }
}
