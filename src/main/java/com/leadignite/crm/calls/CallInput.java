package com.leadignite.crm.calls;

import com.leadignite.crm.common.HttpsUrl;
import com.leadignite.crm.common.OnCreate;
import com.leadignite.crm.common.PlainText;
import com.leadignite.crm.common.Texts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The writable fields of a call (API.md §3). {@code summary} is plain text (line breaks allowed). */
public record CallInput(
        @NotNull(groups = OnCreate.class) @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound")
        String direction,
        @NotNull(groups = OnCreate.class) OffsetDateTime startedAt,
        @Min(0) @Max(86400) Integer durationSeconds,
        @Pattern(regexp = "answered|no_answer|voicemail|busy|failed",
                message = "must be one of answered, no_answer, voicemail, busy, failed") String outcome,
        @Size(max = 5000) @PlainText(multiline = true) String summary,
        UUID assistantId,
        @HttpsUrl String recordingUrl) {

    public CallInput {
        summary = summary == null || summary.isBlank() ? null : summary;
        recordingUrl = Texts.trimToNull(recordingUrl);
    }
}
