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
-- cannot list keys or reveal anything about an org beyond what the key holder already knows. It runs
-- as the owner, which FORCE ROW LEVEL SECURITY binds too (unless a superuser): hence its own policy.
do $$
begin
  execute format('create policy form_keys_definer_read on public.form_keys for select to %I using (true)', current_user);
end $$;

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
