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
