-- Foundation: the runtime role, the auth.* claim helpers, the auth tables and the audit log.
--
-- Two roles matter. The role running this migration owns every object. The runtime role
-- (${app_role}) is what the service logs in as: no superuser, no BYPASSRLS, owns nothing, and
-- every table it can reach has row-level security ENABLED and FORCED. Each transaction of the
-- service sets request.jwt.claims (set_config(..., true)) and the policies read them through the
-- helpers below, exactly as Supabase's auth.uid()/auth.jwt() do.

do $$
declare r record;
begin
  select rolsuper, rolbypassrls into r from pg_roles where rolname = '${app_role}';
  if not found then
    create role ${app_role} login nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  elsif r.rolsuper or r.rolbypassrls then
    raise exception 'runtime role ${app_role} must not be superuser or BYPASSRLS';
  end if;
end $$;

revoke create on schema public from public;
grant usage on schema public to ${app_role};

create schema if not exists auth;
revoke all on schema auth from public;
grant usage on schema auth to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- Claim helpers (Supabase-compatible). Settings read '' (not NULL) after a transaction, hence nullif.
create or replace function auth.jwt() returns jsonb
  language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
  language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
  language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

-- The caller's organization and role inside it. The service only ever puts values here that it
-- read from the database for this request, never values taken from a client.
create or replace function auth.org_id() returns uuid
  language sql stable
as $$
  select (auth.jwt() -> 'app_metadata' ->> 'org_id')::uuid
$$;

create or replace function auth.user_role() returns text
  language sql stable
as $$
  select auth.jwt() -> 'app_metadata' ->> 'role'
$$;

-- The auth component itself (sign-in before anyone is known, session checks, key loading) runs
-- with the claim role 'service_auth'. Only the auth package of the service sets it.
create or replace function auth.is_service() returns boolean
  language sql stable
as $$
  select coalesce(auth.role() = 'service_auth', false)
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.org_id(), auth.user_role(), auth.is_service()
  to ${app_role};

-- ---------------------------------------------------------------------------------------------
create table public.organizations (
  id          uuid primary key default gen_random_uuid(),
  name        text not null check (char_length(name) between 1 and 200),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
alter table public.organizations enable row level security;
alter table public.organizations force row level security;
create policy organizations_member_read on public.organizations for select to ${app_role}
  using (id = (select auth.org_id()) or (select auth.is_service()));
create policy organizations_service_write on public.organizations for insert to ${app_role}
  with check ((select auth.is_service()));
create policy organizations_admin_update on public.organizations for update to ${app_role}
  using (id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (id = (select auth.org_id()));
grant select, insert, update on public.organizations to ${app_role};

-- Accounts. role and org_id live here and nowhere a client can write.
create table auth.users (
  id                  uuid primary key default gen_random_uuid(),
  org_id              uuid not null references public.organizations (id),
  email               text not null check (char_length(email) between 3 and 254),
  encrypted_password  text,
  role                text not null check (role in ('admin', 'agent', 'user')),
  user_metadata       jsonb not null default '{}'::jsonb check (jsonb_typeof(user_metadata) = 'object'),
  provider            text not null default 'email',
  locked_at           timestamptz,            -- locked by an admin: ends sessions, blocks every token
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  last_sign_in_at     timestamptz
);
create unique index users_email_key on auth.users (lower(email));
create index users_org_id_idx on auth.users (org_id);
alter table auth.users enable row level security;
alter table auth.users force row level security;
create policy users_service_all on auth.users for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
create policy users_same_org_read on auth.users for select to ${app_role}
  using (org_id = (select auth.org_id()));
grant select, insert, update on auth.users to ${app_role};

create table auth.identities (
  id            uuid primary key default gen_random_uuid(),
  user_id       uuid not null references auth.users (id) on delete cascade,
  provider      text not null,
  provider_id   text not null,
  identity_data jsonb not null default '{}'::jsonb,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  last_sign_in_at timestamptz,
  unique (provider, provider_id)
);
create index identities_user_id_idx on auth.identities (user_id);
alter table auth.identities enable row level security;
alter table auth.identities force row level security;
create policy identities_service_all on auth.identities for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update on auth.identities to ${app_role};

-- A session is what a refresh-token family and its access tokens belong to (the JWT session_id).
create table auth.sessions (
  id            uuid primary key default gen_random_uuid(),
  user_id       uuid not null references auth.users (id) on delete cascade,
  created_at    timestamptz not null default now(),
  refreshed_at  timestamptz not null default now(),   -- last activity, for the inactivity timeout
  not_after     timestamptz not null,                 -- absolute lifetime
  revoked_at    timestamptz,
  revoked_reason text,
  aal           text not null default 'aal1',
  user_agent    text,
  ip            inet
);
create index sessions_user_id_idx on auth.sessions (user_id);
alter table auth.sessions enable row level security;
alter table auth.sessions force row level security;
create policy sessions_service_all on auth.sessions for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.sessions to ${app_role};

-- Refresh tokens are stored only as SHA-256 hashes of 256-bit random values.
create table auth.refresh_tokens (
  id          bigint generated always as identity primary key,
  session_id  uuid not null references auth.sessions (id) on delete cascade,
  token_hash  bytea not null unique check (octet_length(token_hash) = 32),
  parent_id   bigint references auth.refresh_tokens (id) on delete cascade,
  rotated_at  timestamptz,                 -- set when exchanged; presenting it again is reuse
  created_at  timestamptz not null default now()
);
create index refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);
create index refresh_tokens_parent_id_idx on auth.refresh_tokens (parent_id);
alter table auth.refresh_tokens enable row level security;
alter table auth.refresh_tokens force row level security;
create policy refresh_tokens_service_all on auth.refresh_tokens for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.refresh_tokens to ${app_role};

-- JWT signing keys; the private part is encrypted with the master key (AES-256-GCM).
create table auth.signing_keys (
  kid              text primary key check (kid ~ '^[A-Za-z0-9_-]{8,64}$'),
  alg              text not null check (alg in ('ES256', 'RS256', 'EdDSA')),
  public_jwk       jsonb not null,
  private_key_enc  bytea not null,
  created_at       timestamptz not null default now(),
  retired_at       timestamptz,             -- no longer signs; still verifies until expires_at
  expires_at       timestamptz              -- leaves the JWKS
);
create unique index signing_keys_one_active on auth.signing_keys ((true)) where retired_at is null;
alter table auth.signing_keys enable row level security;
alter table auth.signing_keys force row level security;
create policy signing_keys_service_all on auth.signing_keys for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update on auth.signing_keys to ${app_role};

-- ---------------------------------------------------------------------------------------------
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
  hash         bytea not null default '\x'::bytea
);
create index audit_events_org_time_idx on public.audit_events (org_id, occurred_at desc);
create index audit_events_org_seq_idx on public.audit_events (org_id, seq);

-- Head of each org's chain. No grants: only the definer trigger below touches it.
create table public.audit_chain_heads (
  org_key    uuid primary key,
  last_hash  bytea not null
);
revoke all on public.audit_chain_heads from public;

create or replace function public.audit_event_hash(prev bytea, e public.audit_events) returns bytea
  language sql immutable
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

-- Runs as the owner so the chain head stays out of the runtime role's reach. The row lock on the
-- head serializes writers of one org, so the chain never forks.
create or replace function public.audit_events_chain() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  k uuid := coalesce(new.org_id, '00000000-0000-0000-0000-000000000000'::uuid);
  prev bytea;
begin
  insert into public.audit_chain_heads (org_key, last_hash) values (k, '\x'::bytea)
    on conflict (org_key) do nothing;
  select last_hash into prev from public.audit_chain_heads where org_key = k for update;
  new.prev_hash := nullif(prev, '\x'::bytea);
  new.hash := public.audit_event_hash(new.prev_hash, new);
  update public.audit_chain_heads set last_hash = new.hash where org_key = k;
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
-- Only admins read, and only their org.
create policy audit_events_admin_read on public.audit_events for select to ${app_role}
  using ((org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin') or (select auth.is_service()));
grant select, insert on public.audit_events to ${app_role};
grant execute on function public.audit_event_hash(bytea, public.audit_events) to ${app_role};
