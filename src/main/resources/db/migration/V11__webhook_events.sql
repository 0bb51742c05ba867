-- Received webhook events: the durable inbox, each org's storage account, the database replay-id
-- store (used when Redis is not configured) and the links from provider contact ids to leads that
-- make lead.created idempotent. Processing runs under {"role":"service_webhook"} claims of the
-- endpoint's org (see the endpoints file); the only cross-org work (finding due events, purging) goes
-- through the SECURITY DEFINER functions at the end, backed by owner policies as for the endpoints.

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
  -- What the event takes in the org's storage quota (webhook_storage_usage).
  stored_bytes     integer not null default 0 check (stored_bytes >= 0),
  unique (endpoint_id, message_id)
);
create index webhook_events_org_id_idx on public.webhook_events (org_id);
create index webhook_events_due_idx on public.webhook_events (next_attempt_at) where status = 'pending';
-- Round-robin over orgs in webhook_events_due, and the purge of handled events.
create index webhook_events_org_due_idx on public.webhook_events (org_id, next_attempt_at) where status = 'pending';
create index webhook_events_received_at_idx on public.webhook_events (received_at) where status <> 'pending';
-- GET /api/v1/webhook-endpoints/{id}/events pages one endpoint's events, newest first, without a scan
-- of the org's whole inbox.
create index webhook_events_endpoint_received_idx
  on public.webhook_events (endpoint_id, received_at desc, id desc);

alter table public.webhook_events enable row level security;
alter table public.webhook_events force row level security;
create policy webhook_events_service_all on public.webhook_events for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
create policy webhook_events_admin_read on public.webhook_events for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert on public.webhook_events to ${app_role};
grant update (status, attempts, next_attempt_at, processed_at, error) on public.webhook_events to ${app_role};

do $$
begin
  execute format('create policy webhook_events_definer_read on public.webhook_events for select to %I using (true)', current_user);
  execute format('create policy webhook_events_definer_purge on public.webhook_events for delete to %I using (true)', current_user);
end $$;

-- ---------------------------------------------------------------------------------------------
-- Bytes stored per org, reserved in the same transaction as the event's insert (an atomic conditional
-- upsert, so concurrent deliveries cannot overshoot the quota) and given back by the purge.
create table public.webhook_storage_usage (
  org_id      uuid primary key references public.organizations (id),
  bytes       bigint not null default 0 check (bytes >= 0),
  updated_at  timestamptz not null default now()
);

alter table public.webhook_storage_usage enable row level security;
alter table public.webhook_storage_usage force row level security;
create policy webhook_storage_usage_service on public.webhook_storage_usage for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
create policy webhook_storage_usage_admin_read on public.webhook_storage_usage for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert on public.webhook_storage_usage to ${app_role};
grant update (bytes, updated_at) on public.webhook_storage_usage to ${app_role};

do $$
begin
  execute format('create policy webhook_storage_usage_definer on public.webhook_storage_usage for all to %I using (true) with check (true)', current_user);
end $$;

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

do $$
begin
  execute format('create policy webhook_replay_ids_definer_purge on public.webhook_replay_ids for all to %I using (true)', current_user);
end $$;

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
-- The worker finds due events of every org (ids and orgs only), round-robin over orgs (each org's
-- first due event, then each org's second ...) so one org's backlog never holds another's back, and
-- then handles each under that org's claims.
create or replace function public.webhook_events_due(p_limit integer)
  returns table (id uuid, org_id uuid)
  language sql stable security definer set search_path = ''
as $$
  select x.id, x.org_id
    from (select distinct e.org_id from public.webhook_events e
           where e.status = 'pending' and e.next_attempt_at <= now()) o
   cross join lateral (
         select e.id, e.org_id, e.next_attempt_at,
                row_number() over (order by e.next_attempt_at, e.id) as turn
           from public.webhook_events e
          where e.org_id = o.org_id and e.status = 'pending' and e.next_attempt_at <= now()
          order by e.next_attempt_at, e.id
          limit least(greatest(p_limit, 1), 100)) x
   order by x.turn, x.next_attempt_at, x.id
   limit least(greatest(p_limit, 1), 100)
$$;
revoke all on function public.webhook_events_due(integer) from public;
grant execute on function public.webhook_events_due(integer) to ${app_role};

-- Deletes at most p_limit handled events received before the retention (pending ones stay until
-- handled) and gives their bytes back to their orgs. Never shortens the retention below one hour.
create or replace function public.webhook_events_purge(p_retention_seconds integer, p_limit integer)
  returns integer
  language plpgsql volatile security definer set search_path = ''
as $$
declare n integer;
begin
  with gone as (
    delete from public.webhook_events e
     where e.id in (select d.id from public.webhook_events d
                     where d.status <> 'pending'
                       and d.received_at < now() - make_interval(secs => greatest(p_retention_seconds, 3600))
                     order by d.received_at
                     limit least(greatest(p_limit, 1), 10000))
    returning e.org_id, e.stored_bytes
  ), freed as (
    select g.org_id, sum(g.stored_bytes) as bytes, count(*) as n from gone g group by g.org_id
  ), upd as (
    update public.webhook_storage_usage u
       set bytes = greatest(u.bytes - f.bytes, 0), updated_at = now()
      from freed f where u.org_id = f.org_id
    returning 1
  )
  select coalesce(sum(f.n), 0) into n from freed f;
  return n;
end $$;
revoke all on function public.webhook_events_purge(integer, integer) from public;
grant execute on function public.webhook_events_purge(integer, integer) to ${app_role};

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
