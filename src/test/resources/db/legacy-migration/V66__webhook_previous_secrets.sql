-- Every rotated-out webhook secret keeps its own grace period. Before, the endpoint row held one
-- "previous" secret, so a second rotation overwrote the first one's promised 24 hours. Each rotation
-- now adds the outgoing secret here with its own expiry; verification tries every unexpired one.
-- Sealed like the current secret (bound to endpoint and org), re-sealed on master-key rotation.

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
  execute format('create policy webhook_previous_secrets_definer on public.webhook_previous_secrets for all to %I using (true) with check (true)', current_user);
  execute format('create policy webhook_endpoints_definer_move on public.webhook_endpoints for update to %I using (true) with check (true)', current_user);
end $$;

-- The single previous secret of each endpoint moves over with its expiry.
insert into public.webhook_previous_secrets (endpoint_id, org_id, secret_enc, expires_at)
select id, org_id, previous_secret_enc, previous_secret_expires_at
  from public.webhook_endpoints
 where previous_secret_enc is not null and deleted_at is null and previous_secret_expires_at > now();
update public.webhook_endpoints set previous_secret_enc = null, previous_secret_expires_at = null
 where previous_secret_enc is not null;

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
