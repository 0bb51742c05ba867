-- Sessions, their refresh tokens and reauthentication codes. A session is what a refresh-token family
-- and its access tokens belong to (the JWT session_id); it holds no token itself, so the org's admins
-- may read it (user agent, IP) to manage sessions.
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
  ip            inet,
  -- When the owner last proved their password (sign-up, sign-in, reauthenticate). Refreshes copy it
  -- into the access token's password amr entry, so a refresh never makes a sign-in look newer.
  password_auth_at timestamptz
);
create index sessions_user_id_idx on auth.sessions (user_id);

alter table auth.sessions enable row level security;
alter table auth.sessions force row level security;
create policy sessions_service_all on auth.sessions for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
-- Admins see and revoke sessions of their org's users. Revocation is one-way (guard below).
create policy sessions_admin_read on auth.sessions for select to ${app_role}
  using ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())));
create policy sessions_admin_revoke on auth.sessions for update to ${app_role}
  using ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())))
  with check ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())));
grant select, insert, update, delete on auth.sessions to ${app_role};

create or replace function auth.sessions_admin_guard() returns trigger
  language plpgsql
as $$
begin
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if (new.id, new.user_id, new.created_at, new.refreshed_at, new.not_after, new.aal, new.user_agent, new.ip)
     is distinct from
     (old.id, old.user_id, old.created_at, old.refreshed_at, old.not_after, old.aal, old.user_agent, old.ip)
     or new.revoked_at is null
     or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at) then
    raise exception 'sessions may only be revoked here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.sessions_admin_guard() from public;

create trigger sessions_admin_guard before update on auth.sessions
  for each row execute function auth.sessions_admin_guard();

-- ---------------------------------------------------------------------------------------------
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

-- ---------------------------------------------------------------------------------------------
-- GET /auth/v1/reauthenticate: a short-lived, single-use code bound to one session, which PUT /auth/v1/user
-- accepts as {nonce} in place of a recent password sign-in. One row per session (a new code replaces the
-- previous one); only the SHA-256 of session id and code is stored. failed_attempts is carried over when a
-- new code replaces the old one, so a session gets a bounded number of guesses in all.
create table auth.reauthentication_nonces (
  session_id       uuid primary key references auth.sessions (id) on delete cascade,
  user_id          uuid not null references auth.users (id) on delete cascade,
  nonce_hash       bytea not null check (octet_length(nonce_hash) = 32),
  expires_at       timestamptz not null,
  failed_attempts  integer not null default 0 check (failed_attempts >= 0),
  created_at       timestamptz not null default now()
);
create index reauthentication_nonces_user_id_idx on auth.reauthentication_nonces (user_id);

alter table auth.reauthentication_nonces enable row level security;
alter table auth.reauthentication_nonces force row level security;
create policy reauthentication_nonces_service_all on auth.reauthentication_nonces for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.reauthentication_nonces to ${app_role};
