-- Accounts. role and org_id live here and nowhere a client can write. Members of an org read their
-- colleagues' rows, so nothing secret sits in auth.users: row-level security filters rows, never
-- columns, and members and the auth component use the same database role. Password hashes and
-- identities are in tables of their own that only the auth component's claims (service_auth) reach.
create table auth.users (
  id                  uuid primary key default gen_random_uuid(),
  org_id              uuid not null references public.organizations (id),
  email               text not null check (char_length(email) between 3 and 254),
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
-- Admins manage their org's users (role, lock) through a real policy, not the service claims: the
-- service checks the rules first, and the database independently refuses anything outside the
-- caller's org, anything a non-admin tries, and (guard below) any column an admin may not change.
create policy users_admin_update on auth.users for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert, update on auth.users to ${app_role};

-- Narrows every update made for an end user, whatever policy admitted it: role and lock state change
-- only by an admin, never on their own row; org and id never change; another user's row changes in
-- role and lock only.
create or replace function auth.users_admin_guard() returns trigger
  language plpgsql
as $$
begin
  -- Only the runtime role acting for an end user is narrowed; the auth component and the owner are not.
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if new.id is distinct from old.id or new.org_id is distinct from old.org_id then
    raise exception 'id and org never change here' using errcode = '42501';
  end if;
  if new.role is distinct from old.role or new.locked_at is distinct from old.locked_at then
    if coalesce(auth.user_role(), '') <> 'admin' or new.id = auth.uid() then
      raise exception 'role and lock state change only by an admin, never on their own account' using errcode = '42501';
    end if;
  end if;
  if new.id is distinct from auth.uid()
     and (new.email, new.user_metadata, new.provider, new.created_at, new.last_sign_in_at)
         is distinct from
         (old.email, old.user_metadata, old.provider, old.created_at, old.last_sign_in_at) then
    raise exception 'only role and lock state of another user may be changed here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.users_admin_guard() from public;

create trigger users_admin_guard before update on auth.users
  for each row execute function auth.users_admin_guard();

-- ---------------------------------------------------------------------------------------------
-- Password hashes (Argon2id), readable and writable by the auth component only.
create table auth.user_credentials (
  user_id             uuid primary key references auth.users (id) on delete cascade,
  encrypted_password  text not null check (char_length(encrypted_password) between 1 and 1000),
  updated_at          timestamptz not null default now()
);

alter table auth.user_credentials enable row level security;
alter table auth.user_credentials force row level security;
create policy user_credentials_service_all on auth.user_credentials for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.user_credentials to ${app_role};

-- ---------------------------------------------------------------------------------------------
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
