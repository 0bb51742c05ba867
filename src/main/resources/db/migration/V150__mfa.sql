-- Multi-factor authentication (TOTP, RFC 6238) and the org-wide "admins need MFA" switch.
--
-- The auth component (claims service_auth) enrolls, challenges and verifies factors. A signed-in user
-- may read their own factors' rows (never anyone else's): the request pipeline asks under the user's
-- own claims whether a verified factor exists, for step-up and require_mfa decisions. The secret in a
-- row is sealed with the master key (AES-256-GCM, associated data "mfa_factor:<factor>:<user>"), so a
-- row read this way reveals nothing usable. Master-key rotation re-seals secrets under service_keys.

alter table public.organizations add column require_mfa boolean not null default false;

-- When the session last proved a second factor; refreshes copy it into the access token's totp amr
-- entry, as password_auth_at does for the password entry. aal rises to aal2 with it.
alter table auth.sessions add column mfa_auth_at timestamptz;

-- Admins may only revoke sessions (V4); the new column is as untouchable for them as aal.
create or replace function auth.sessions_admin_guard() returns trigger
  language plpgsql
as $$
begin
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if (new.id, new.user_id, new.created_at, new.refreshed_at, new.not_after, new.aal, new.user_agent, new.ip,
      new.password_auth_at, new.mfa_auth_at, new.auth_method)
     is distinct from
     (old.id, old.user_id, old.created_at, old.refreshed_at, old.not_after, old.aal, old.user_agent, old.ip,
      old.password_auth_at, old.mfa_auth_at, old.auth_method)
     or new.revoked_at is null
     or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at) then
    raise exception 'sessions may only be revoked here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.sessions_admin_guard() from public;

-- ---------------------------------------------------------------------------------------------
create table auth.mfa_factors (
  id              uuid primary key default gen_random_uuid(),
  user_id         uuid not null references auth.users (id) on delete cascade,
  org_id          uuid not null references public.organizations (id),
  factor_type     text not null default 'totp' check (factor_type = 'totp'),
  friendly_name   text not null default '' check (char_length(friendly_name) <= 100),
  status          text not null default 'unverified' check (status in ('unverified', 'verified')),
  secret_enc      bytea not null,
  -- The newest accepted RFC 6238 time step: a code of that step or an older one is refused, which
  -- makes every code single use across instances (the row is locked while a code is checked).
  last_used_step  bigint,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index mfa_factors_user_id_idx on auth.mfa_factors (user_id);
create index mfa_factors_org_id_idx on auth.mfa_factors (org_id);
create unique index mfa_factors_user_name_key on auth.mfa_factors (user_id, friendly_name) where friendly_name <> '';

alter table auth.mfa_factors enable row level security;
alter table auth.mfa_factors force row level security;
create policy mfa_factors_service_all on auth.mfa_factors for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
create policy mfa_factors_owner_read on auth.mfa_factors for select to ${app_role}
  using (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
create policy mfa_factors_key_rotation_read on auth.mfa_factors for select to ${app_role}
  using ((select auth.role()) = 'service_keys');
create policy mfa_factors_key_rotation_update on auth.mfa_factors for update to ${app_role}
  using ((select auth.role()) = 'service_keys') with check ((select auth.role()) = 'service_keys');
grant select, insert, update, delete on auth.mfa_factors to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- A challenge is what a code is checked against: short-lived, single use, bound to its factor.
create table auth.mfa_challenges (
  id           uuid primary key default gen_random_uuid(),
  factor_id    uuid not null references auth.mfa_factors (id) on delete cascade,
  user_id      uuid not null references auth.users (id) on delete cascade,
  org_id       uuid not null references public.organizations (id),
  ip           inet,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  verified_at  timestamptz
);
create index mfa_challenges_factor_id_idx on auth.mfa_challenges (factor_id);
create index mfa_challenges_user_id_idx on auth.mfa_challenges (user_id);
create index mfa_challenges_org_id_idx on auth.mfa_challenges (org_id);

alter table auth.mfa_challenges enable row level security;
alter table auth.mfa_challenges force row level security;
create policy mfa_challenges_service_all on auth.mfa_challenges for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.mfa_challenges to ${app_role};
