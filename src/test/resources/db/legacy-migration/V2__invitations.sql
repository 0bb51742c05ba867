-- Invitations: an admin invites an email with a role; sign-up with the token joins that org with that
-- role. The token itself is never stored, only its SHA-256. Single use (used_at) and expiring.
create table auth.invitations (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references public.organizations (id),
  email       text not null check (char_length(email) between 3 and 254),
  role        text not null check (role in ('admin', 'agent', 'user')),
  token_hash  bytea not null unique check (octet_length(token_hash) = 32),
  created_by  uuid references auth.users (id),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  used_at     timestamptz,
  used_by     uuid references auth.users (id)
);
create index invitations_org_id_idx on auth.invitations (org_id);

alter table auth.invitations enable row level security;
alter table auth.invitations force row level security;
-- The auth component redeems invitations during sign-up, before anyone is signed in.
create policy invitations_service_all on auth.invitations for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
-- Admins create and list their org's invitations.
create policy invitations_admin_read on auth.invitations for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy invitations_admin_insert on auth.invitations for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));
grant select, insert, update on auth.invitations to ${app_role};
