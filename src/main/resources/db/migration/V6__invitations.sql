-- Invitations: an admin invites an email with a role; sign-up with the token joins that org with that
-- role. The token itself is never stored, only its SHA-256 (of 256 random bits, which redeems nothing,
-- so the org's admins may read it). Single use (used_at), expiring, and revocable: a revoked row stays
-- so admins still see what was sent and the audit trail has its subject.
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
  used_by     uuid references auth.users (id),
  revoked_at  timestamptz
);
create index invitations_org_id_idx on auth.invitations (org_id);
-- The service revokes an inviter's pending invitations when the inviter is locked or leaves the admin role.
create index invitations_created_by_idx on auth.invitations (created_by);

alter table auth.invitations enable row level security;
alter table auth.invitations force row level security;
-- The auth component redeems invitations during sign-up, before anyone is signed in.
create policy invitations_service_all on auth.invitations for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
-- Admins create, list and revoke their org's invitations; revoking is the only change they make (guard below).
create policy invitations_admin_read on auth.invitations for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy invitations_admin_insert on auth.invitations for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));
create policy invitations_admin_revoke on auth.invitations for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin' and revoked_at is not null);
grant select, insert, update on auth.invitations to ${app_role};

create or replace function auth.invitations_admin_guard() returns trigger
  language plpgsql
as $$
begin
  -- The auth component (redemption) and the owner are not narrowed here.
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if (new.id, new.org_id, new.email, new.role, new.token_hash, new.created_by, new.created_at, new.expires_at,
      new.used_at, new.used_by)
     is distinct from
     (old.id, old.org_id, old.email, old.role, old.token_hash, old.created_by, old.created_at, old.expires_at,
      old.used_at, old.used_by)
     or old.revoked_at is not null or new.revoked_at is null or old.used_at is not null then
    raise exception 'invitations may only be revoked here, once, while unused' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.invitations_admin_guard() from public;

create trigger invitations_admin_guard before update on auth.invitations
  for each row execute function auth.invitations_admin_guard();
