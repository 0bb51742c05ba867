package com.leadignite.crm.assistants;

import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for assistants; explicit org filters on top of row-level security. Run inside a transaction. */
@Repository
class AssistantRepository {

    private static final String COLUMNS =
            "a.id, a.org_id, a.name, a.provider, a.voice_id, a.system_prompt, a.external_id, a.created_at, a.updated_at";

    private final JdbcClient jdbc;

    AssistantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Assistant> find(UUID orgId, UUID id, boolean forUpdate) {
        return jdbc.sql("select " + COLUMNS + " from public.assistants a where a.id = :id and a.org_id = :org"
                        + (forUpdate ? " for update" : ""))
                .param("id", id).param("org", orgId).query(Assistant.class).optional();
    }

    List<Assistant> list(UUID orgId, PageQuery page, SortSpec sort) {
        return jdbc.sql("select " + COLUMNS + " from public.assistants a where a.org_id = :org order by "
                        + sort.orderBy("a.id") + " limit :limit offset :offset")
                .param("org", orgId).param("limit", page.size()).param("offset", page.offset())
                .query(Assistant.class).list();
    }

    long count(UUID orgId) {
        return jdbc.sql("select count(*) from public.assistants where org_id = :org")
                .param("org", orgId).query(Long.class).single();
    }

    Assistant insert(UUID orgId, AssistantInput in) {
        return jdbc.sql("""
                        insert into public.assistants as a (org_id, name, provider, voice_id, system_prompt, external_id)
                        values (:org, :name, :provider, :voice, :prompt, :ext)
                        returning\s""" + COLUMNS)
                .param("org", orgId).param("name", in.name()).param("provider", in.provider())
                .param("voice", in.voiceId()).param("prompt", in.systemPrompt()).param("ext", in.externalId())
                .query(Assistant.class).single();
    }

    Assistant update(Assistant a) {
        return jdbc.sql("""
                        update public.assistants as a set name = :name, provider = :provider, voice_id = :voice,
                          system_prompt = :prompt, external_id = :ext
                        where a.id = :id and a.org_id = :org
                        returning\s""" + COLUMNS)
                .param("id", a.id()).param("org", a.orgId()).param("name", a.name()).param("provider", a.provider())
                .param("voice", a.voiceId()).param("prompt", a.systemPrompt()).param("ext", a.externalId())
                .query(Assistant.class).single();
    }

    int delete(UUID orgId, UUID id) {
        return jdbc.sql("delete from public.assistants where id = :id and org_id = :org")
                .param("id", id).param("org", orgId).update();
    }
}
