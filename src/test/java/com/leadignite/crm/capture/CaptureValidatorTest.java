package com.leadignite.crm.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.web.FieldErrorException;
import org.junit.jupiter.api.Test;

class CaptureValidatorTest {

    @Test
    void plainTextWithAngleBracketsThatAreNotMarkupIsKept() {
        var ok = CaptureValidator.validate(new CaptureRequest("  Ada ", null, "Ada@Example.TEST", null, "A < B Ltd",
                null, "budget 3<5k\nline two"));
        assertThat(ok.firstName()).isEqualTo("Ada");
        assertThat(ok.email()).isEqualTo("ada@example.test");
        assertThat(ok.company()).isEqualTo("A < B Ltd");
        assertThat(ok.notes()).isEqualTo("budget 3<5k\nline two");
    }

    @Test
    void markupControlCharactersAndMissingContactAreRefusedNamingTheField() {
        assertField(new CaptureRequest("<b>Ada</b>", null, "a@example.test", null, null, null, null), "first_name");
        assertField(new CaptureRequest("Ada", null, "a@example.test", null, null, null, "</textarea><svg onload=x>"), "notes");
        assertField(new CaptureRequest("Ada", null, "a@example.test", null, null, null, "<!doctype html>"), "notes");
        assertField(new CaptureRequest("Ada", null, "a@example.test", null, "Evil\u0000Corp", null, null), "company");
        assertField(new CaptureRequest("Ada\nEvil", null, "a@example.test", null, null, null, null), "first_name");
        assertField(new CaptureRequest("Ada", null, null, null, null, null, null), "email");
        assertField(new CaptureRequest("Ada", null, null, "+0123", null, null, null), "phone");
        assertField(new CaptureRequest(" ", null, "a@example.test", null, null, null, null), "first_name");
    }

    @Test
    void anEmailOfTensOfKilobytesIsRefusedByLengthWithoutRunningThePattern() {
        // 60 000 characters fit in the 64 KB body; the label-by-label pattern overflowed the stack on them.
        assertField(new CaptureRequest("Ada", null, "a@" + "a.".repeat(30_000) + "test", null, null, null, null), "email");
        // Within the code-point limit but over it in chars: non-ASCII, refused without the pattern too.
        assertField(new CaptureRequest("Ada", null, "\uD83D\uDE00".repeat(200) + "@example.test", null, null, null, null), "email");
    }

    private static void assertField(CaptureRequest r, String field) {
        assertThatThrownBy(() -> CaptureValidator.validate(r))
                .isInstanceOfSatisfying(FieldErrorException.class,
                        e -> assertThat(e.errors()).extracting(FieldErrorException.FieldError::field).contains(field));
    }
}
