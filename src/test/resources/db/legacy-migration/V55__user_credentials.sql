-- Password hashes leave auth.users. users_same_org_read lets every member of an org read their
-- colleagues' rows, and row-level security filters rows, never columns (column privileges cannot help
-- either: members and the auth component use the same database role). The hash now sits in its own
-- table that only the auth component's claims (service_auth) can read or write.
--
-- Other secret-ish columns, for the record: auth.refresh_tokens.token_hash, auth.identities and
-- auth.signing_keys.private_key_enc are service_auth only (V1); auth.sessions holds no token (admins of
-- the org read user agent and IP to manage sessions); auth.invitations.token_hash is readable by the
-- org's admins only (V2), and is the SHA-256 of 256 random bits, which redeems nothing.

create table auth.user_credentials (
  user_id             uuid primary key references auth.users (id) on delete cascade,
  encrypted_password  text not null check (char_length(encrypted_password) between 1 and 1000),
  updated_at          timestamptz not null default now()
);

-- Copy before the policies apply; auth.users is FORCE'd, so the owner (not necessarily a superuser)
-- only sees its rows with FORCE lifted for this statement.
alter table auth.users no force row level security;
insert into auth.user_credentials (user_id, encrypted_password)
  select id, encrypted_password from auth.users where encrypted_password is not null;
alter table auth.users force row level security;

alter table auth.user_credentials enable row level security;
alter table auth.user_credentials force row level security;
create policy user_credentials_service_all on auth.user_credentials for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.user_credentials to ${app_role};

-- The admin guard (V20) compared encrypted_password; same rules without it.
create or replace function auth.users_admin_guard() returns trigger
  language plpgsql
as $$
begin
  -- Only the runtime role acting for an end user is narrowed; the auth component and the owner are not.
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if new.id is distinct from old.id or new.org_id is distinct from old.org_id then
    raise exception 'id and org never change here' using errcode = '42501';
  end if;
  if new.role is distinct from old.role or new.locked_at is distinct from old.locked_at then
    if coalesce(auth.user_role(), '') <> 'admin' or new.id = auth.uid() then
      raise exception 'role and lock state change only by an admin, never on their own account' using errcode = '42501';
    end if;
  end if;
  if new.id is distinct from auth.uid()
     and (new.email, new.user_metadata, new.provider, new.created_at, new.last_sign_in_at)
         is distinct from
         (old.email, old.user_metadata, old.provider, old.created_at, old.last_sign_in_at) then
    raise exception 'only role and lock state of another user may be changed here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.users_admin_guard() from public;

alter table auth.users drop column encrypted_password;
