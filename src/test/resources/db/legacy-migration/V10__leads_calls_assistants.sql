-- CRM core: leads, calls and AI voice assistants, each scoped to one organization.
--
-- Tenancy is enforced twice: the service checks roles and ownership, and the policies below let the
-- runtime role (${app_role}) see and write only what the caller's claims allow (API.md §1):
--   admin  -> everything of their own org
--   agent  -> leads they own or are assigned to, and the calls on those leads
--   user   -> leads they own, and the calls they logged on those leads
--   assistants: every role of the org reads, admins write
-- Two service identities run without an end user: 'service_capture' (public lead capture: inserts an
-- unowned lead into the form key's org) and 'service_webhook' (provider events for an endpoint's org).
-- Same-org integrity of references is also a property of the schema (composite foreign keys), so not
-- even a faulty policy could link a call to another org's lead or assistant.

-- ---------------------------------------------------------------------------------------------
create table public.assistants (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references public.organizations (id),
  name           text not null check (char_length(name) between 1 and 100),
  provider       text not null check (provider in ('vapi', 'elevenlabs')),
  voice_id       text check (char_length(voice_id) <= 100),
  system_prompt  text check (char_length(system_prompt) <= 20000),
  external_id    text check (char_length(external_id) <= 200),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (id, org_id)
);
create index assistants_org_id_idx on public.assistants (org_id, created_at desc);

create table public.leads (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references public.organizations (id),
  owner_id           uuid references auth.users (id) on delete set null,   -- null: captured by a web form
  assigned_agent_id  uuid references auth.users (id) on delete set null,
  first_name         text not null check (char_length(first_name) between 1 and 100),
  last_name          text check (char_length(last_name) <= 100),
  -- The service validates the address; the schema only keeps the shape (no locale-dependent classes).
  email              text check (char_length(email) between 3 and 254 and email like '_%@_%'),
  phone              text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  company            text check (char_length(company) <= 200),
  status             text not null default 'new'
                       check (status in ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
  source             text check (char_length(source) <= 100),
  -- Sanitized HTML. The API accepts at most 10000 characters; escaping may lengthen the stored form.
  notes              text check (char_length(notes) <= 60000),
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  unique (id, org_id)
);
create index leads_org_id_idx on public.leads (org_id, created_at desc);
create index leads_owner_id_idx on public.leads (owner_id);
create index leads_assigned_agent_id_idx on public.leads (assigned_agent_id);

create table public.calls (
  id                uuid primary key default gen_random_uuid(),
  org_id            uuid not null references public.organizations (id),
  lead_id           uuid not null,
  created_by        uuid references auth.users (id) on delete set null,   -- null: reported by a provider webhook
  assistant_id      uuid,
  direction         text not null check (direction in ('inbound', 'outbound')),
  started_at        timestamptz not null check (started_at >= timestamptz '2000-01-01 00:00:00+00'),
  duration_seconds  integer check (duration_seconds between 0 and 86400),
  outcome           text check (outcome in ('answered', 'no_answer', 'voicemail', 'busy', 'failed')),
  summary           text check (char_length(summary) <= 5000),
  recording_url     text check (char_length(recording_url) <= 2048 and recording_url ~ '^https://'),
  external_id       text check (char_length(external_id) <= 200),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  foreign key (lead_id, org_id) references public.leads (id, org_id) on delete cascade,
  foreign key (assistant_id, org_id) references public.assistants (id, org_id) on delete set null (assistant_id)
);
create index calls_org_id_idx on public.calls (org_id);
create index calls_lead_id_idx on public.calls (lead_id, started_at desc);
create index calls_created_by_idx on public.calls (created_by);
create index calls_assistant_id_idx on public.calls (assistant_id);
create unique index calls_org_external_id_key on public.calls (org_id, external_id) where external_id is not null;

-- ---------------------------------------------------------------------------------------------
-- Fields nobody may rewrite after insert, whatever the policies allow; updated_at kept by the server.
create or replace function public.crm_guard_update() returns trigger
  language plpgsql
as $$
begin
  if new.id is distinct from old.id or new.org_id is distinct from old.org_id
     or new.created_at is distinct from old.created_at then
    raise exception 'id, org_id and created_at are immutable' using errcode = '42501';
  end if;
  -- Nested IFs: PL/pgSQL does not short-circuit AND, and new.lead_id exists only on calls.
  if tg_table_name = 'leads' then
    if new.owner_id is distinct from old.owner_id then
      raise exception 'owner_id is immutable' using errcode = '42501';
    end if;
  elsif tg_table_name = 'calls' then
    if new.lead_id is distinct from old.lead_id or new.created_by is distinct from old.created_by then
      raise exception 'lead_id and created_by are immutable' using errcode = '42501';
    end if;
  end if;
  new.updated_at := now();
  return new;
end $$;

create trigger leads_guard_update before update on public.leads
  for each row execute function public.crm_guard_update();
create trigger calls_guard_update before update on public.calls
  for each row execute function public.crm_guard_update();
create trigger assistants_guard_update before update on public.assistants
  for each row execute function public.crm_guard_update();

-- Is the user a member of the org (for assignments)? Plain SQL under the caller's rights: auth.users'
-- own policy already limits what it can see to the caller's org.
create or replace function public.crm_is_org_agent(p_user uuid, p_org uuid) returns boolean
  language sql stable
as $$
  select exists (select 1 from auth.users u where u.id = p_user and u.org_id = p_org and u.role = 'agent')
$$;
grant execute on function public.crm_is_org_agent(uuid, uuid) to ${app_role};

-- For the audit of denied access only: does a record with this id exist at all (in any org)? Runs as
-- the owner to see past row-level security, and returns nothing but a boolean; the service never
-- shows the answer to a client (which gets 404 either way), it only records it.
create or replace function public.crm_record_exists(p_kind text, p_id uuid) returns boolean
  language sql stable security definer set search_path = ''
as $$
  select case p_kind
    when 'lead' then exists (select 1 from public.leads where id = p_id)
    when 'call' then exists (select 1 from public.calls where id = p_id)
    when 'assistant' then exists (select 1 from public.assistants where id = p_id)
    else false
  end
$$;
revoke all on function public.crm_record_exists(text, uuid) from public;
grant execute on function public.crm_record_exists(text, uuid) to ${app_role};

-- ---------------------------------------------------------------------------------------------
alter table public.leads enable row level security;
alter table public.leads force row level security;

create policy leads_admin_all on public.leads for all to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and (assigned_agent_id is null or public.crm_is_org_agent(assigned_agent_id, org_id)));

create policy leads_agent_select on public.leads for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
         and (owner_id = (select auth.uid()) or assigned_agent_id = (select auth.uid())));
create policy leads_agent_insert on public.leads for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
              and owner_id = (select auth.uid()) and assigned_agent_id is null);
create policy leads_agent_update on public.leads for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
         and (owner_id = (select auth.uid()) or assigned_agent_id = (select auth.uid())))
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
              and (owner_id = (select auth.uid()) or assigned_agent_id = (select auth.uid())));

create policy leads_user_select on public.leads for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
         and owner_id = (select auth.uid()));
create policy leads_user_insert on public.leads for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
              and owner_id = (select auth.uid()) and assigned_agent_id is null);
create policy leads_user_update on public.leads for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
         and owner_id = (select auth.uid()))
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
              and owner_id = (select auth.uid()) and assigned_agent_id is null);

-- Public lead capture: an unowned, unassigned lead in the form key's org, nothing else.
create policy leads_capture_insert on public.leads for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.role()) = 'service_capture'
              and owner_id is null and assigned_agent_id is null);

-- Provider webhooks for one endpoint's org.
create policy leads_webhook_select on public.leads for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook');
create policy leads_webhook_insert on public.leads for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook'
              and owner_id is null and assigned_agent_id is null);
create policy leads_webhook_update on public.leads for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook')
  with check (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook');

-- DELETE is granted for the admin policy only (no other policy is FOR DELETE or FOR ALL).
grant select, insert, update, delete on public.leads to ${app_role};

-- ---------------------------------------------------------------------------------------------
alter table public.calls enable row level security;
alter table public.calls force row level security;

create policy calls_admin_select on public.calls for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy calls_admin_insert on public.calls for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));

create policy calls_agent_select on public.calls for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
         and lead_id in (select l.id from public.leads l
                          where l.owner_id = (select auth.uid()) or l.assigned_agent_id = (select auth.uid())));
create policy calls_agent_insert on public.calls for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'agent'
              and created_by = (select auth.uid())
              and lead_id in (select l.id from public.leads l
                               where l.owner_id = (select auth.uid()) or l.assigned_agent_id = (select auth.uid())));

create policy calls_user_select on public.calls for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
         and created_by = (select auth.uid())
         and lead_id in (select l.id from public.leads l where l.owner_id = (select auth.uid())));
create policy calls_user_insert on public.calls for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
              and created_by = (select auth.uid())
              and lead_id in (select l.id from public.leads l where l.owner_id = (select auth.uid())));

create policy calls_webhook_select on public.calls for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook');
create policy calls_webhook_insert on public.calls for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook' and created_by is null);
create policy calls_webhook_update on public.calls for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook')
  with check (org_id = (select auth.org_id()) and (select auth.role()) = 'service_webhook');

-- No DELETE: calls go only with their lead (the cascade is referential, not a grant).
grant select, insert, update on public.calls to ${app_role};

-- ---------------------------------------------------------------------------------------------
alter table public.assistants enable row level security;
alter table public.assistants force row level security;

create policy assistants_member_select on public.assistants for select to ${app_role}
  using (org_id = (select auth.org_id())
         and ((select auth.user_role()) in ('admin', 'agent', 'user') or (select auth.role()) = 'service_webhook'));
create policy assistants_admin_insert on public.assistants for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy assistants_admin_update on public.assistants for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy assistants_admin_delete on public.assistants for delete to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert, update, delete on public.assistants to ${app_role};
