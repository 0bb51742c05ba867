-- Inbound webhook endpoints: per org and provider, each with a signing secret sealed under the master
-- key (bound to endpoint and org), and the rotated-out secrets still in their grace period.
--
-- An org admin manages endpoints (claims of the signed-in user); webhook processing runs with claims
-- {"role":"service_webhook","app_metadata":{"org_id":<endpoint's org>}}, so every row it touches is
-- confined to that one org; master-key rotation re-seals every org's secrets under {"role":"service_keys"},
-- which only the re-sealing component sets. The public receiver, before anyone is known, reads an
-- endpoint only through the SECURITY DEFINER functions at the end.
--
-- Those functions run as the owner. FORCE ROW LEVEL SECURITY applies to the owner as well (unless it
-- is a superuser), so the owner gets narrow policies of its own (created for current_user, the role
-- running the migrations); the runtime role reaches those rows only through the functions.

create table public.webhook_endpoints (
  id                          uuid primary key,
  org_id                      uuid not null references public.organizations (id),
  provider                    text not null check (provider in ('vapi', 'ghl', 'elevenlabs')),
  secret_enc                  bytea,          -- AES-GCM under the master key; wiped on delete
  -- Always null: rotated-out secrets live in webhook_previous_secrets (each with its own grace
  -- period). Deletion still clears them, and the list of master keys in use still reads them.
  previous_secret_enc         bytea,
  previous_secret_expires_at  timestamptz,
  created_by                  uuid references auth.users (id),
  created_at                  timestamptz not null default now(),
  rotated_at                  timestamptz,
  deleted_at                  timestamptz,
  check ((deleted_at is null) = (secret_enc is not null)),
  check ((previous_secret_enc is null) = (previous_secret_expires_at is null))
);
create index webhook_endpoints_org_id_idx on public.webhook_endpoints (org_id);

alter table public.webhook_endpoints enable row level security;
alter table public.webhook_endpoints force row level security;
create policy webhook_endpoints_admin_read on public.webhook_endpoints for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy webhook_endpoints_admin_insert on public.webhook_endpoints for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));
create policy webhook_endpoints_admin_update on public.webhook_endpoints for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
-- Processing reads its endpoint (who created it) for the endpoint's org only.
create policy webhook_endpoints_service_read on public.webhook_endpoints for select to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
create policy webhook_endpoints_key_rotation_read on public.webhook_endpoints for select to ${app_role}
  using ((select auth.role()) = 'service_keys');
create policy webhook_endpoints_key_rotation_update on public.webhook_endpoints for update to ${app_role}
  using ((select auth.role()) = 'service_keys') with check ((select auth.role()) = 'service_keys');
grant select, insert on public.webhook_endpoints to ${app_role};
-- Rotation, re-sealing and (soft) deletion change only these columns; org, provider and creator never change.
grant update (secret_enc, previous_secret_enc, previous_secret_expires_at, rotated_at, deleted_at)
  on public.webhook_endpoints to ${app_role};

do $$
begin
  execute format('create policy webhook_endpoints_definer_read on public.webhook_endpoints for select to %I using (true)', current_user);
end $$;

-- ---------------------------------------------------------------------------------------------
-- Every rotation adds the outgoing secret here with its own expiry, so a second rotation never cuts
-- the first one's grace period short; verification tries every unexpired one.
create table public.webhook_previous_secrets (
  id           uuid primary key default gen_random_uuid(),
  endpoint_id  uuid not null references public.webhook_endpoints (id),
  org_id       uuid not null references public.organizations (id),
  secret_enc   bytea not null,
  expires_at   timestamptz not null,
  created_at   timestamptz not null default now()
);
create index webhook_previous_secrets_endpoint_idx on public.webhook_previous_secrets (endpoint_id, expires_at);
create index webhook_previous_secrets_org_id_idx on public.webhook_previous_secrets (org_id);

alter table public.webhook_previous_secrets enable row level security;
alter table public.webhook_previous_secrets force row level security;
-- Admins rotate and delete endpoints of their org (the secrets are never read back to them).
create policy webhook_previous_secrets_admin on public.webhook_previous_secrets for all to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
-- Master-key rotation re-seals every org's secrets.
create policy webhook_previous_secrets_key_rotation on public.webhook_previous_secrets for all to ${app_role}
  using ((select auth.role()) = 'service_keys') with check ((select auth.role()) = 'service_keys');
grant select, insert, delete on public.webhook_previous_secrets to ${app_role};
grant update (secret_enc) on public.webhook_previous_secrets to ${app_role};

do $$
begin
  execute format('create policy webhook_previous_secrets_definer on public.webhook_previous_secrets for select to %I using (true)', current_user);
end $$;

-- ---------------------------------------------------------------------------------------------
-- The public receiver knows only the path: returns the endpoint's org and sealed secrets, nothing else.
create or replace function public.webhook_endpoint_for_verification(p_endpoint_id uuid, p_provider text)
  returns table (org_id uuid, secret_enc bytea, previous_secret_enc bytea, previous_secret_expires_at timestamptz)
  language sql stable security definer set search_path = ''
as $$
  select e.org_id, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at
    from public.webhook_endpoints e
   where e.id = p_endpoint_id and e.provider = p_provider and e.deleted_at is null
$$;
revoke all on function public.webhook_endpoint_for_verification(uuid, text) from public;
grant execute on function public.webhook_endpoint_for_verification(uuid, text) to ${app_role};

-- The public receiver's view of an endpoint's unexpired previous secrets (sealed), newest first.
create or replace function public.webhook_previous_secrets_for_verification(p_endpoint_id uuid, p_provider text)
  returns table (secret_enc bytea, expires_at timestamptz)
  language sql stable security definer set search_path = ''
as $$
  select s.secret_enc, s.expires_at
    from public.webhook_previous_secrets s
    join public.webhook_endpoints e on e.id = s.endpoint_id
   where e.id = p_endpoint_id and e.provider = p_provider and e.deleted_at is null and s.expires_at > now()
   order by s.expires_at desc
   limit 20
$$;
revoke all on function public.webhook_previous_secrets_for_verification(uuid, text) from public;
grant execute on function public.webhook_previous_secrets_for_verification(uuid, text) to ${app_role};
