-- Inbound webhooks: per-org endpoints with encrypted signing secrets, the durable inbox of received
-- events, the database replay-id store (used when Redis is not configured) and the links from
-- provider contact ids to leads that make lead.created idempotent.
--
-- Two kinds of callers: an org admin manages endpoints (claims of the signed-in user), and webhook
-- processing runs with claims {"role":"service_webhook","app_metadata":{"org_id":<endpoint's org>}},
-- so every row it touches is confined to that one org. The only cross-org reads (resolving an
-- endpoint before anyone is known, finding due events, purging old replay ids) go through the
-- SECURITY DEFINER functions at the end, which return or touch only what their caller needs.

create table public.webhook_endpoints (
  id                          uuid primary key,
  org_id                      uuid not null references public.organizations (id),
  provider                    text not null check (provider in ('vapi', 'ghl', 'elevenlabs')),
  secret_enc                  bytea,          -- AES-GCM under the master key; wiped on delete
  previous_secret_enc         bytea,          -- the secret before the last rotation ...
  previous_secret_expires_at  timestamptz,    -- ... verifies until then
  created_by                  uuid references auth.users (id),
  created_at                  timestamptz not null default now(),
  rotated_at                  timestamptz,
  deleted_at                  timestamptz,
  check ((deleted_at is null) = (secret_enc is not null)),
  check ((previous_secret_enc is null) = (previous_secret_expires_at is null))
);
create index webhook_endpoints_org_id_idx on public.webhook_endpoints (org_id);

alter table public.webhook_endpoints enable row level security;
alter table public.webhook_endpoints force row level security;
create policy webhook_endpoints_admin_read on public.webhook_endpoints for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy webhook_endpoints_admin_insert on public.webhook_endpoints for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));
create policy webhook_endpoints_admin_update on public.webhook_endpoints for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
-- Processing reads its endpoint (who created it) for the endpoint's org only.
create policy webhook_endpoints_service_read on public.webhook_endpoints for select to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
grant select, insert on public.webhook_endpoints to ${app_role};
-- Rotation and (soft) deletion change only these columns; org, provider and creator never change.
grant update (secret_enc, previous_secret_enc, previous_secret_expires_at, rotated_at, deleted_at)
  on public.webhook_endpoints to ${app_role};

-- ---------------------------------------------------------------------------------------------
create table public.webhook_events (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references public.organizations (id),
  endpoint_id      uuid not null references public.webhook_endpoints (id),
  provider         text not null check (provider in ('vapi', 'ghl', 'elevenlabs')),
  message_id       text not null check (char_length(message_id) between 1 and 256),
  event_type       text check (char_length(event_type) <= 100),
  payload          jsonb not null,                 -- as received: unknown fields are kept
  received_at      timestamptz not null default now(),
  status           text not null default 'pending'
                     check (status in ('pending', 'processed', 'skipped', 'ignored', 'failed')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  processed_at     timestamptz,
  error            text check (char_length(error) <= 200),
  unique (endpoint_id, message_id)
);
create index webhook_events_org_id_idx on public.webhook_events (org_id);
create index webhook_events_due_idx on public.webhook_events (next_attempt_at) where status = 'pending';

alter table public.webhook_events enable row level security;
alter table public.webhook_events force row level security;
create policy webhook_events_service_all on public.webhook_events for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
create policy webhook_events_admin_read on public.webhook_events for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert on public.webhook_events to ${app_role};
grant update (status, attempts, next_attempt_at, processed_at, error) on public.webhook_events to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- Message ids seen per endpoint, kept at least as long as the timestamp tolerance (older messages
-- are refused as stale anyway). Only used without Redis.
create table public.webhook_replay_ids (
  endpoint_id  uuid not null references public.webhook_endpoints (id),
  message_id   text not null check (char_length(message_id) between 1 and 256),
  org_id       uuid not null references public.organizations (id),
  seen_at      timestamptz not null default now(),
  primary key (endpoint_id, message_id)
);
create index webhook_replay_ids_org_id_idx on public.webhook_replay_ids (org_id);
create index webhook_replay_ids_seen_at_idx on public.webhook_replay_ids (seen_at);

alter table public.webhook_replay_ids enable row level security;
alter table public.webhook_replay_ids force row level security;
create policy webhook_replay_ids_service on public.webhook_replay_ids for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
grant select, insert on public.webhook_replay_ids to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- Provider contact id -> lead, so a repeated lead.created creates nothing new.
create table public.webhook_lead_links (
  org_id       uuid not null references public.organizations (id),
  provider     text not null check (provider in ('vapi', 'ghl', 'elevenlabs')),
  external_id  text not null check (char_length(external_id) between 1 and 256),
  lead_id      uuid not null,
  created_at   timestamptz not null default now(),
  primary key (org_id, provider, external_id)
);
alter table public.webhook_lead_links enable row level security;
alter table public.webhook_lead_links force row level security;
create policy webhook_lead_links_service on public.webhook_lead_links for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
grant select, insert on public.webhook_lead_links to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- The definer functions run as the migration owner. FORCE ROW LEVEL SECURITY applies to the owner
-- as well (unless it is a superuser), so the owner gets narrow policies of its own; the runtime
-- role can only reach these rows through the functions below.
do $$
begin
  execute format('create policy webhook_endpoints_definer_read on public.webhook_endpoints for select to %I using (true)', current_user);
  execute format('create policy webhook_events_definer_read on public.webhook_events for select to %I using (true)', current_user);
  execute format('create policy webhook_replay_ids_definer_purge on public.webhook_replay_ids for all to %I using (true)', current_user);
end $$;

-- The public receiver knows only the path: returns the endpoint's org and sealed secrets, nothing else.
create or replace function public.webhook_endpoint_for_verification(p_endpoint_id uuid, p_provider text)
  returns table (org_id uuid, secret_enc bytea, previous_secret_enc bytea, previous_secret_expires_at timestamptz)
  language sql stable security definer set search_path = ''
as $$
  select e.org_id, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at
    from public.webhook_endpoints e
   where e.id = p_endpoint_id and e.provider = p_provider and e.deleted_at is null
$$;
revoke all on function public.webhook_endpoint_for_verification(uuid, text) from public;
grant execute on function public.webhook_endpoint_for_verification(uuid, text) to ${app_role};

-- The worker finds due events of every org (ids and orgs only) and then handles each under that
-- org's claims.
create or replace function public.webhook_events_due(p_limit integer)
  returns table (id uuid, org_id uuid)
  language sql stable security definer set search_path = ''
as $$
  select e.id, e.org_id
    from public.webhook_events e
   where e.status = 'pending' and e.next_attempt_at <= now()
   order by e.next_attempt_at
   limit least(greatest(p_limit, 1), 100)
$$;
revoke all on function public.webhook_events_due(integer) from public;
grant execute on function public.webhook_events_due(integer) to ${app_role};

-- Clean-up of old replay ids; never shortens the window below five minutes whatever it is asked.
create or replace function public.webhook_replay_ids_purge(p_retention_seconds integer)
  returns integer
  language plpgsql volatile security definer set search_path = ''
as $$
declare n integer;
begin
  delete from public.webhook_replay_ids
   where seen_at < now() - make_interval(secs => greatest(p_retention_seconds, 300));
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function public.webhook_replay_ids_purge(integer) from public;
grant execute on function public.webhook_replay_ids_purge(integer) to ${app_role};
