package com.leadignite.crm.formkeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginRulesTest {

    @Test
    void normalizesToWhatBrowsersSendInOrigin() {
        assertThat(OriginRules.normalize("HTTPS://Shop.Example.COM")).isEqualTo("https://shop.example.com");
        assertThat(OriginRules.normalize("https://shop.example.com:443")).isEqualTo("https://shop.example.com");
        assertThat(OriginRules.normalize("https://shop.example.com:8443")).isEqualTo("https://shop.example.com:8443");
        assertThat(OriginRules.normalize("http://localhost:3000")).isEqualTo("http://localhost:3000");
        assertThat(OriginRules.normalize("http://localhost:80")).isEqualTo("http://localhost");
    }

    @Test
    void refusesAnythingThatIsNotABareOrigin() {
        for (String bad : new String[] {"http://127.0.0.1:3000", "http://shop.example.com", "https://shop.example.com/",
                "https://*.example.com", "https://xn--*.example.com", "https://a@b.example.com", "https://[::1]",
                "wss://shop.example.com", "data:text/html,x", "https://shop.example.com:-1", "https://-bad-.example.com"}) {
            assertThat(OriginRules.normalize(bad)).as(bad).isNull();
        }
    }
}
