-- Invitations can be revoked (API.md §2): DELETE /api/v1/invitations/{id} by an admin, and the service
-- revokes an inviter's pending invitations when the inviter is locked or leaves the admin role. The row
-- stays (revoked_at) so admins still see what was sent and the audit trail has its subject; sign-up
-- refuses a revoked invitation, and one whose inviter is not an active admin of its org right now.
alter table auth.invitations add column revoked_at timestamptz;
create index invitations_created_by_idx on auth.invitations (created_by);

-- Admins revoke their org's invitations, and that is the only change they make (guard below).
create policy invitations_admin_revoke on auth.invitations for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin' and revoked_at is not null);

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
