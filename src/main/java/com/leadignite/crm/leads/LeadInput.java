package com.leadignite.crm.leads;

import com.leadignite.crm.common.OnCreate;
import com.leadignite.crm.common.PlainText;
import com.leadignite.crm.common.Texts;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The writable fields of a lead (API.md §3), for POST and PATCH. Single-line text is trimmed and an
 * empty optional value means "not set"; {@code notes} is HTML and is sanitized by the service.
 */
public record LeadInput(
        @NotNull(groups = OnCreate.class) @Size(min = 1, max = 100) @PlainText String firstName,
        @Size(max = 100) @PlainText String lastName,
        @Size(max = 254) @Email @Pattern(regexp = "[^@\\s\\p{Z}]+@[^@\\s\\p{Z}]+", message = "must be a well-formed email address")
        @PlainText String email,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number such as +14155550123") String phone,
        @Size(max = 200) @PlainText String company,
        @Pattern(regexp = "new|contacted|qualified|unqualified|converted",
                message = "must be one of new, contacted, qualified, unqualified, converted") String status,
        @Size(max = 100) @PlainText String source,
        @Size(max = 10000) @PlainText(multiline = true) String notes) {

    public LeadInput {
        firstName = Texts.trim(firstName);
        lastName = Texts.trimToNull(lastName);
        email = Texts.trimToNull(email);
        phone = Texts.trimToNull(phone);
        company = Texts.trimToNull(company);
        source = Texts.trimToNull(source);
        notes = notes == null || notes.isBlank() ? null : notes;
    }
}
