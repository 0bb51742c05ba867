-- JWT signing keys, shared by every instance; the private part is sealed with the master key
-- (AES-256-GCM). Only the auth component reads them.
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
