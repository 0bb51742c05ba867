package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>", "<p style=\"background:url(javascript:x)\">p</p>", "<a href=\"data:text/html,<script>\">d</a>",
            "<iframe src=\"https://evil\"></iframe>", "<b onclick=\"x()\">b</b>", "<a href=\"vbscript:x\">v</a>",
            "javascript:alert(1)", "<scr<script>ipt>alert(1)</script>", "<a href=\"JAVASCRIPT:alert(1)\">x</a>"})
    void removesEverythingActive(String input) {
        String out = HtmlSanitizer.sanitize(input);
        assertThat(out.toLowerCase()).doesNotContain("<script", "javascript:", "vbscript:", "onerror", "onload", "onclick",
                "<img", "<svg", "<iframe", "style=", "data:text");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>s</strong></p>|<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>s</strong></p>",
            "<ul><li>a</li></ul><ol><li>b</li></ol>line<br>|<ul><li>a</li></ul><ol><li>b</li></ol>line<br />"})
    void keepsTheSafeSubset(String input, String expected) {
        assertThat(HtmlSanitizer.sanitize(input)).isEqualTo(expected);
    }

    @Test
    void linksKeepSafeSchemesAndGetRel() {
        String out = HtmlSanitizer.sanitize("<a href=\"https://ex.example/p\" target=\"_blank\">x</a><a href=\"mailto:a@b.c\">m</a>");
        assertThat(out).contains("href=\"https://ex.example/p\"").contains("rel=\"nofollow noopener\"").contains("mailto:")
                .doesNotContain("target");
        assertThat(HtmlSanitizer.sanitize(null)).isNull();
    }
}
