-- Third-party integrations of an org (GoHighLevel OAuth tokens, Vapi and ElevenLabs API keys) and the
-- pending OAuth authorization requests. Credentials are stored only sealed (AES-256-GCM under the master
-- key, associated data "integration:<provider>:<org>"), never in the clear.
--
-- Callers: an org admin manages the org's integrations (user claims); outbound work on behalf of an org
-- (token refresh, marking a credential revoked, a dial by an agent) runs with the claims
-- {"role":"service_integration","app_metadata":{"org_id":<org>}}, confined to that one org; master-key
-- rotation re-seals with {"role":"service_keys"} (as for webhook secrets, V46).

create table public.integrations (
  org_id           uuid not null references public.organizations (id),
  provider         text not null check (provider in ('ghl', 'vapi', 'elevenlabs')),
  credential_enc   bytea,           -- sealed credential JSON; null once the provider revoked it
  connected        boolean not null,
  reason           text check (reason in ('revoked')),
  scopes           text check (char_length(scopes) <= 2000),
  key_last4        text check (char_length(key_last4) <= 4),
  account_id       text check (char_length(account_id) <= 200),   -- GoHighLevel location id
  connected_by     uuid references auth.users (id) on delete set null,
  connected_at     timestamptz,
  expires_at       timestamptz,     -- access-token expiry (OAuth)
  last_rotated_at  timestamptz,
  updated_at       timestamptz not null default now(),
  primary key (org_id, provider),
  check (connected = (credential_enc is not null)),
  check ((reason is null) or not connected)
);

alter table public.integrations enable row level security;
alter table public.integrations force row level security;
create policy integrations_admin_all on public.integrations for all to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy integrations_service_read on public.integrations for select to ${app_role}
  using ((select auth.role()) = 'service_integration' and org_id = (select auth.org_id()));
create policy integrations_service_update on public.integrations for update to ${app_role}
  using ((select auth.role()) = 'service_integration' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_integration' and org_id = (select auth.org_id()));
create policy integrations_key_rotation_read on public.integrations for select to ${app_role}
  using ((select auth.role()) = 'service_keys');
create policy integrations_key_rotation_update on public.integrations for update to ${app_role}
  using ((select auth.role()) = 'service_keys') with check ((select auth.role()) = 'service_keys');
grant select, insert, update, delete on public.integrations to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- A started OAuth authorization: single use (deleted when presented), valid ten minutes, bound to the
-- user, org and session that started it. Only the SHA-256 of the state is kept.
create table public.integration_oauth_states (
  state_hash     bytea primary key check (octet_length(state_hash) = 32),
  org_id         uuid not null references public.organizations (id),
  user_id        uuid not null references auth.users (id) on delete cascade,
  session_id     uuid not null,
  provider       text not null check (provider in ('ghl')),
  code_verifier  text not null check (char_length(code_verifier) between 43 and 128),
  expires_at     timestamptz not null,
  created_at     timestamptz not null default now()
);
create index integration_oauth_states_user_idx on public.integration_oauth_states (user_id);
create index integration_oauth_states_org_idx on public.integration_oauth_states (org_id);

alter table public.integration_oauth_states enable row level security;
alter table public.integration_oauth_states force row level security;
create policy integration_oauth_states_own on public.integration_oauth_states for all to ${app_role}
  using (user_id = (select auth.uid()) and org_id = (select auth.org_id()))
  with check (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
grant select, insert, delete on public.integration_oauth_states to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- A call placed through a provider starts queued; the provider's call.ended webhook completes it.
alter table public.calls add column status text not null default 'completed'
  check (status in ('queued', 'completed'));

-- ---------------------------------------------------------------------------------------------
-- The GoHighLevel import shares the contact id -> lead links of lead.created webhooks (V40), so a
-- contact imported and later announced by webhook (or imported twice) is one lead.
create policy webhook_lead_links_admin on public.webhook_lead_links for all to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');

-- ---------------------------------------------------------------------------------------------
-- A natively signed GoHighLevel webhook is signed by HighLevel, not with the endpoint's secret: it is
-- accepted only for the org whose connected GoHighLevel location sent it. The receiver (claims
-- service_webhook) learns that one location id, nothing else of the integration.
do $$
begin
  execute format('create policy integrations_definer_read on public.integrations for select to %I using (true)', current_user);
end $$;
create or replace function public.ghl_location_of_org(p_org uuid)
  returns text
  language sql stable security definer set search_path = ''
as $$
  select i.account_id from public.integrations i
   where i.org_id = p_org and i.provider = 'ghl' and i.connected
$$;
revoke all on function public.ghl_location_of_org(uuid) from public;
grant execute on function public.ghl_location_of_org(uuid) to ${app_role};
