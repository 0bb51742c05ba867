-- Org administration: admins manage their org's users (role, lock), sessions (revocation), public
-- form keys for lead capture, and read/verify the audit chain.
--
-- Admin writes to auth.users and auth.sessions go through real policies, not the auth component's
-- service claims: the service checks the rules first, and the database independently refuses
-- anything outside the caller's org, anything a non-admin tries, and (guard triggers) any column an
-- admin has no business changing, including their own role or lock.

-- ---------------------------------------------------------------------------------------------
-- auth.users: admins may update users of their own org. The guard trigger then narrows every update
-- made for an end user (whatever policy admitted it): role and lock state change only by an admin,
-- never on their own row; org and id never change; another user's row changes in role and lock only.
create policy users_admin_update on auth.users for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');

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
     and (new.email, new.encrypted_password, new.user_metadata, new.provider, new.created_at, new.last_sign_in_at)
         is distinct from
         (old.email, old.encrypted_password, old.user_metadata, old.provider, old.created_at, old.last_sign_in_at) then
    raise exception 'only role and lock state of another user may be changed here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.users_admin_guard() from public;

create trigger users_admin_guard before update on auth.users
  for each row execute function auth.users_admin_guard();

-- ---------------------------------------------------------------------------------------------
-- auth.sessions: admins see and revoke sessions of their org's users. Revocation is one-way.
create policy sessions_admin_read on auth.sessions for select to ${app_role}
  using ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())));
create policy sessions_admin_revoke on auth.sessions for update to ${app_role}
  using ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())))
  with check ((select auth.user_role()) = 'admin'
         and user_id in (select u.id from auth.users u where u.org_id = (select auth.org_id())));

create or replace function auth.sessions_admin_guard() returns trigger
  language plpgsql
as $$
begin
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if (new.id, new.user_id, new.created_at, new.refreshed_at, new.not_after, new.aal, new.user_agent, new.ip)
     is distinct from
     (old.id, old.user_id, old.created_at, old.refreshed_at, old.not_after, old.aal, old.user_agent, old.ip)
     or new.revoked_at is null
     or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at) then
    raise exception 'sessions may only be revoked here' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.sessions_admin_guard() from public;

create trigger sessions_admin_guard before update on auth.sessions
  for each row execute function auth.sessions_admin_guard();

-- ---------------------------------------------------------------------------------------------
-- Public form keys for lead capture. A key is a public identifier (it sits in customers' web
-- pages), so it is stored as issued and shown to admins again; what protects capture is the origin
-- check, rate limits and captcha. Deletion is a tombstone (deleted_at): a deleted key never resolves
-- again and the row stays for investigations.
create table public.form_keys (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references public.organizations (id),
  key              text not null unique check (key ~ '^lfk_[A-Za-z0-9_-]{32}$'),
  allowed_origins  text[] not null default '{}' check (cardinality(allowed_origins) <= 20),
  created_by       uuid references auth.users (id),
  created_at       timestamptz not null default now(),
  deleted_at       timestamptz
);
create index form_keys_org_id_idx on public.form_keys (org_id);

alter table public.form_keys enable row level security;
alter table public.form_keys force row level security;
create policy form_keys_admin_read on public.form_keys for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
create policy form_keys_admin_insert on public.form_keys for insert to ${app_role}
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and created_by = (select auth.uid()));
create policy form_keys_admin_delete on public.form_keys for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (org_id = (select auth.org_id()) and deleted_at is not null);
grant select, insert on public.form_keys to ${app_role};
-- The only change an admin makes is the tombstone.
grant update (deleted_at) on public.form_keys to ${app_role};

-- Capture runs before anyone is known: this resolves exactly one live key and nothing else, so it
-- cannot list keys or reveal anything about an org beyond what the key holder already knows.
create or replace function public.resolve_form_key(form_key text)
  returns table (org_id uuid, allowed_origins text[], key_id uuid)
  language sql stable security definer set search_path = ''
as $$
  select f.org_id, f.allowed_origins, f.id
    from public.form_keys f
   where f.key = form_key and f.deleted_at is null
$$;
revoke all on function public.resolve_form_key(text) from public;
grant execute on function public.resolve_form_key(text) to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- Audit chain verification: the head of the caller's org chain (admins only), so a verifier can
-- notice rows cut off the end of the chain, not only rows altered or removed in the middle.
create or replace function public.audit_chain_head() returns bytea
  language sql stable security definer set search_path = ''
as $$
  select h.last_hash
    from public.audit_chain_heads h
   where h.org_key = (select auth.org_id()) and (select auth.user_role()) = 'admin'
$$;
revoke all on function public.audit_chain_head() from public;
grant execute on function public.audit_chain_head() to ${app_role};
