-- Audit log: append only (the runtime role may INSERT and SELECT, never UPDATE or DELETE) and
-- tamper-evident: each row's hash covers its content and the previous row's hash of the same org.
create table public.audit_events (
  id           uuid primary key default gen_random_uuid(),
  seq          bigint generated always as identity unique,
  occurred_at  timestamptz not null default date_trunc('milliseconds', clock_timestamp()),
  org_id       uuid,
  actor_id     uuid,
  actor_ip     inet,
  request_id   text check (char_length(request_id) <= 64),
  action       text not null check (action ~ '^[a-z_]{2,40}$'),
  entity_type  text not null check (entity_type in ('org', 'user', 'session', 'lead', 'call', 'assistant',
                 'invitation', 'form_key', 'webhook_endpoint', 'webhook_event', 'integration', 'signing_key')),
  entity_id    text check (char_length(entity_id) <= 100),
  outcome      text not null check (outcome in ('success', 'denied', 'failure')),
  details      jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  prev_hash    bytea,
  hash         bytea not null default '\x'::bytea,
  -- Position in the org's chain, numbered by the trigger under the chain-head lock: seq comes from an
  -- identity default evaluated before that lock, so concurrent writers may chain rows out of seq
  -- order. Verification walks chain_pos.
  chain_pos    bigint not null
);
create index audit_events_org_time_idx on public.audit_events (org_id, occurred_at desc);
create index audit_events_org_seq_idx on public.audit_events (org_id, seq);
create unique index audit_events_org_chain_idx on public.audit_events (org_id, chain_pos);

-- Head of each org's chain. No grants: only the definer functions below touch it.
create table public.audit_chain_heads (
  org_key    uuid primary key,
  last_hash  bytea not null,
  last_pos   bigint not null default 0
);
revoke all on public.audit_chain_heads from public;

-- Parallel safe: verification checks each row's hash on its own, set-based, and one parallel-unsafe
-- call would keep the whole statement serial (it reads only its arguments and parallel-safe built-ins).
create or replace function public.audit_event_hash(prev bytea, e public.audit_events) returns bytea
  language sql immutable parallel safe
as $$
  select sha256(
    coalesce(prev, '\x'::bytea) ||
    convert_to(concat_ws('|',
      e.id::text,
      ((extract(epoch from e.occurred_at) * 1000)::bigint)::text,
      coalesce(e.org_id::text, ''),
      coalesce(e.actor_id::text, ''),
      coalesce(host(e.actor_ip), ''),
      coalesce(e.request_id, ''),
      e.action, e.entity_type,
      coalesce(e.entity_id, ''),
      e.outcome,
      e.details::text), 'UTF8'))
$$;
grant execute on function public.audit_event_hash(bytea, public.audit_events) to ${app_role};

-- Runs as the owner so the chain head stays out of the runtime role's reach. The row lock on the
-- head serializes writers of one org, so the chain never forks.
create or replace function public.audit_events_chain() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  k uuid := coalesce(new.org_id, '00000000-0000-0000-0000-000000000000'::uuid);
  prev bytea;
  pos bigint;
begin
  insert into public.audit_chain_heads (org_key, last_hash) values (k, '\x'::bytea)
    on conflict (org_key) do nothing;
  select last_hash, last_pos into prev, pos from public.audit_chain_heads where org_key = k for update;
  new.chain_pos := pos + 1;
  new.prev_hash := nullif(prev, '\x'::bytea);
  new.hash := public.audit_event_hash(new.prev_hash, new);
  update public.audit_chain_heads set last_hash = new.hash, last_pos = new.chain_pos where org_key = k;
  return new;
end $$;
revoke all on function public.audit_events_chain() from public;

create trigger audit_events_chain before insert on public.audit_events
  for each row execute function public.audit_events_chain();

alter table public.audit_events enable row level security;
alter table public.audit_events force row level security;
-- Anyone may append for their own org (or for no org, e.g. a failed sign-in of an unknown email).
create policy audit_events_append on public.audit_events for insert to ${app_role}
  with check (org_id is null or org_id = (select auth.org_id()) or (select auth.is_service()));
-- Independent rows (denials, failed sign-ins, rejected webhooks) are written by the audit component
-- under its own claims after the request's transaction has ended: those claims may append a row for
-- any org (a cross-org probe is recorded in the owning org's log) and nothing else.
create policy audit_events_service_audit_append on public.audit_events for insert to ${app_role}
  with check ((select auth.role()) = 'service_audit');
-- Only admins read, and only their org.
create policy audit_events_admin_read on public.audit_events for select to ${app_role}
  using ((org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin') or (select auth.is_service()));
grant select, insert on public.audit_events to ${app_role};

-- Chain verification: the head of the caller's org chain (admins only), so a verifier can notice
-- rows cut off the end of the chain, not only rows altered or removed in the middle.
create or replace function public.audit_chain_head() returns bytea
  language sql stable security definer set search_path = ''
as $$
  select h.last_hash
    from public.audit_chain_heads h
   where h.org_key = (select auth.org_id()) and (select auth.user_role()) = 'admin'
$$;
revoke all on function public.audit_chain_head() from public;
grant execute on function public.audit_chain_head() to ${app_role};
