-- Roles, schemas and the claim helpers every policy reads.
--
-- The role running the migrations owns every object. The runtime role (${app_role}) is what the
-- service logs in as: no superuser, no BYPASSRLS, owns nothing, and every table it can reach has
-- row-level security ENABLED and FORCED, with explicit grants. Each transaction of the service sets
-- request.jwt.claims (set_config(..., true)) and the policies read them through the helpers below,
-- exactly as Supabase's auth.uid()/auth.jwt() do.
--
-- Each later file creates its tables together with their indexes, triggers, grants and policies.

do $$
declare r record;
begin
  select rolsuper, rolbypassrls into r from pg_roles where rolname = '${app_role}';
  if not found then
    create role ${app_role} login nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  elsif r.rolsuper or r.rolbypassrls then
    raise exception 'runtime role ${app_role} must not be superuser or BYPASSRLS';
  end if;
  -- The owner may alter tables and has read policies of its own behind the definer functions; a runtime
  -- role that is the owner, or inherits from it, would have both.
  if pg_has_role('${app_role}', current_user, 'MEMBER') then
    raise exception 'runtime role ${app_role} must not be, or be a member of, the role running the migrations';
  end if;
end $$;

revoke create on schema public from public;
grant usage on schema public to ${app_role};

create schema if not exists auth;
revoke all on schema auth from public;
grant usage on schema auth to ${app_role};

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
