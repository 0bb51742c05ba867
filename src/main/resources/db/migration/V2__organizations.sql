-- Organizations: the tenant every other row belongs to. Members read their own org, admins rename it,
-- only the auth component (sign-up) creates one.
create table public.organizations (
  id          uuid primary key default gen_random_uuid(),
  name        text not null check (char_length(name) between 1 and 200),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

alter table public.organizations enable row level security;
alter table public.organizations force row level security;
create policy organizations_member_read on public.organizations for select to ${app_role}
  using (id = (select auth.org_id()) or (select auth.is_service()));
create policy organizations_service_write on public.organizations for insert to ${app_role}
  with check ((select auth.is_service()));
create policy organizations_admin_update on public.organizations for update to ${app_role}
  using (id = (select auth.org_id()) and (select auth.user_role()) = 'admin')
  with check (id = (select auth.org_id()));
grant select, insert, update on public.organizations to ${app_role};
