package com.leadignite.crm.assistants;

import com.leadignite.crm.common.OnCreate;
import com.leadignite.crm.common.PlainText;
import com.leadignite.crm.common.Texts;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The writable fields of an AI voice assistant configuration (API.md §3). */
public record AssistantInput(
        @NotNull(groups = OnCreate.class) @Size(min = 1, max = 100) @PlainText String name,
        @NotNull(groups = OnCreate.class) @Pattern(regexp = "vapi|elevenlabs", message = "must be vapi or elevenlabs") String provider,
        @Size(max = 100) @PlainText String voiceId,
        @Size(max = 20000) @PlainText(multiline = true) String systemPrompt,
        @Size(max = 200) @PlainText String externalId) {

    public AssistantInput {
        name = Texts.trim(name);
        voiceId = Texts.trimToNull(voiceId);
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? null : systemPrompt;
        externalId = Texts.trimToNull(externalId);
    }
}
