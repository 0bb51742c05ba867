-- Social login (OIDC, API.md §2). Only the auth component's claims (service_auth) reach these rows:
-- they hold what finishes a sign-in, so no end user may read or change them.

-- A session started by a social sign-in records the amr method "oauth" (its time in password_auth_at, as
-- for the other methods: refreshes copy both into the access token's amr entry).
alter table auth.sessions drop constraint sessions_auth_method_check;
alter table auth.sessions add constraint sessions_auth_method_check check (auth_method in ('password', 'otp', 'oauth'));

-- GET /auth/v1/authorize → GET /auth/v1/callback: one row per started sign-in, taken (deleted) by the
-- first callback that presents its state. Only SHA-256 hashes of the state and of the browser cookie are
-- stored; the nonce and the PKCE verifier towards the provider are needed in clear for ten minutes.
create table auth.oidc_flow_states (
  state_hash        bytea primary key check (octet_length(state_hash) = 32),
  browser_hash      bytea not null check (octet_length(browser_hash) = 32),
  provider          text not null check (provider ~ '^[a-z0-9]{1,32}$'),
  nonce             text not null check (char_length(nonce) between 32 and 64),
  provider_verifier text not null check (char_length(provider_verifier) between 43 and 128),
  -- the client's (auth-js) S256 challenge, checked on POST /token?grant_type=pkce
  code_challenge    text not null check (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
  redirect_to       text not null check (char_length(redirect_to) between 1 and 2048),
  expires_at        timestamptz not null,
  created_at        timestamptz not null default now()
);
create index oidc_flow_states_expires_at_idx on auth.oidc_flow_states (expires_at);

alter table auth.oidc_flow_states enable row level security;
alter table auth.oidc_flow_states force row level security;
create policy oidc_flow_states_service_all on auth.oidc_flow_states for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, delete on auth.oidc_flow_states to ${app_role};

-- The auth_code a finished callback hands to the browser app: single use (deleted when presented),
-- short-lived, stored as its SHA-256, bound to the client's code_challenge.
create table auth.oidc_auth_codes (
  code_hash       bytea primary key check (octet_length(code_hash) = 32),
  user_id         uuid not null references auth.users (id) on delete cascade,
  provider        text not null check (provider ~ '^[a-z0-9]{1,32}$'),
  code_challenge  text not null check (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
  expires_at      timestamptz not null,
  created_at      timestamptz not null default now()
);
create index oidc_auth_codes_user_id_idx on auth.oidc_auth_codes (user_id);
create index oidc_auth_codes_expires_at_idx on auth.oidc_auth_codes (expires_at);

alter table auth.oidc_auth_codes enable row level security;
alter table auth.oidc_auth_codes force row level security;
create policy oidc_auth_codes_service_all on auth.oidc_auth_codes for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, delete on auth.oidc_auth_codes to ${app_role};
