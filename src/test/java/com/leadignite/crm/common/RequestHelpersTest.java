package com.leadignite.crm.common;

import com.leadignite.web.SortSpec;
import com.leadignite.web.PageQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.web.FieldErrorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of the reusable request helpers. */
class RequestHelpersTest {

    static final Map<String, String> ALLOWED = Map.of("created_at", "t.created_at", "name", "t.name");

    @Test
    void sortUsesOnlyAllowListedColumns() {
        assertThat(SortSpec.parse(null, ALLOWED, "created_at", SortSpec.Direction.desc).orderBy("t.id"))
                .isEqualTo("t.created_at desc nulls last, t.id desc");
        assertThat(SortSpec.parse("name", ALLOWED, "created_at", SortSpec.Direction.desc).orderBy("t.id"))
                .isEqualTo("t.name asc nulls last, t.id asc");
        assertThat(SortSpec.parse("name,DESC", ALLOWED, "created_at", SortSpec.Direction.asc).column()).isEqualTo("t.name");
        for (String bad : new String[] {"email", "name,up", "name;drop", "t.name", "name,asc,desc", " name", "NAME", "name desc"}) {
            assertThatThrownBy(() -> SortSpec.parse(bad, ALLOWED, "created_at", SortSpec.Direction.asc))
                    .as(bad).isInstanceOfSatisfying(FieldErrorException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("sort"));
        }
    }

    @Test
    void pageLimits() {
        assertThat(PageQuery.of(null, null)).isEqualTo(new PageQuery(0, 20));
        assertThat(new PageQuery(Integer.MAX_VALUE, 100).offset()).isEqualTo((long) Integer.MAX_VALUE * 100);
        assertThatThrownBy(() -> PageQuery.of(-1, 10)).isInstanceOf(FieldErrorException.class);
        assertThatThrownBy(() -> PageQuery.of(0, 0)).isInstanceOf(FieldErrorException.class);
        assertThatThrownBy(() -> PageQuery.of(0, 101)).isInstanceOf(FieldErrorException.class);
    }

    @Test
    void likePatternsEscapeWildcards() {
        assertThat(Texts.containsPattern("50%_off\\")).isEqualTo("%50\\%\\_off\\\\%");
    }

    @Test
    void plainTextRules() {
        assertThat(Texts.isPlain("Zoë 😀 O'Brien", false)).isTrue();
        assertThat(Texts.isPlain("a\nb\tc\r\n", true)).isTrue();
        assertThat(Texts.isPlain("a\nb", false)).isFalse();
        assertThat(Texts.isPlain("a\u0000", true)).isFalse();
        assertThat(Texts.isPlain("\ud800", true)).isFalse();
        assertThat(Texts.isPlain("x\udc00", true)).isFalse();
        assertThat(Texts.isPlain("\u001b[31m", true)).isFalse();
        assertThat(Texts.isPlain("\u2028", false)).isFalse();
        assertThat(Texts.trimToNull("   ")).isNull();
    }

    @Test
    void httpsUrls() {
        assertThat(HttpsUrl.Validator.isHttpsUrl("https://example.com/a.mp3?x=1")).isTrue();
        for (String bad : new String[] {"http://example.com", "https://", "https://u:p@example.com/", "javascript:x",
                "https://exa mple.com", "HTTPS://example.com", "//example.com"}) {
            assertThat(HttpsUrl.Validator.isHttpsUrl(bad)).as(bad).isFalse();
        }
    }
}
