-- Webhook storage bounds and fair processing.
--
-- * Every stored event records the bytes it takes (stored_bytes), and each org's total is kept in
--   webhook_storage_usage, reserved in the same transaction as the insert (an atomic conditional
--   upsert, so concurrent deliveries cannot overshoot the quota) and given back when the purge
--   deletes events past their retention.
-- * The due-events lookup takes events round-robin over orgs (each org's first due event, then each
--   org's second ...), so one org's backlog never holds another org's events back.

alter table public.webhook_events add column stored_bytes integer not null default 0 check (stored_bytes >= 0);
create index webhook_events_org_due_idx on public.webhook_events (org_id, next_attempt_at) where status = 'pending';
create index webhook_events_received_at_idx on public.webhook_events (received_at) where status <> 'pending';

create table public.webhook_storage_usage (
  org_id      uuid primary key references public.organizations (id),
  bytes       bigint not null default 0 check (bytes >= 0),
  updated_at  timestamptz not null default now()
);
alter table public.webhook_storage_usage enable row level security;
alter table public.webhook_storage_usage force row level security;
create policy webhook_storage_usage_service on public.webhook_storage_usage for all to ${app_role}
  using ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()))
  with check ((select auth.role()) = 'service_webhook' and org_id = (select auth.org_id()));
create policy webhook_storage_usage_admin_read on public.webhook_storage_usage for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert on public.webhook_storage_usage to ${app_role};
grant update (bytes, updated_at) on public.webhook_storage_usage to ${app_role};

do $$
begin
  execute format('create policy webhook_events_definer_purge on public.webhook_events for delete to %I using (true)', current_user);
  execute format('create policy webhook_storage_usage_definer on public.webhook_storage_usage for all to %I using (true) with check (true)', current_user);
  execute format('create policy webhook_events_definer_backfill on public.webhook_events for update to %I using (true)', current_user);
end $$;

-- Existing events count against their org from now on.
update public.webhook_events set stored_bytes = octet_length(payload::text) + 256;
insert into public.webhook_storage_usage (org_id, bytes)
select org_id, sum(stored_bytes) from public.webhook_events group by org_id;


create or replace function public.webhook_events_due(p_limit integer)
  returns table (id uuid, org_id uuid)
  language sql stable security definer set search_path = ''
as $$
  select x.id, x.org_id
    from (select distinct e.org_id from public.webhook_events e
           where e.status = 'pending' and e.next_attempt_at <= now()) o
   cross join lateral (
         select e.id, e.org_id, e.next_attempt_at,
                row_number() over (order by e.next_attempt_at, e.id) as turn
           from public.webhook_events e
          where e.org_id = o.org_id and e.status = 'pending' and e.next_attempt_at <= now()
          order by e.next_attempt_at, e.id
          limit least(greatest(p_limit, 1), 100)) x
   order by x.turn, x.next_attempt_at, x.id
   limit least(greatest(p_limit, 1), 100)
$$;

-- Deletes at most p_limit handled events received before the retention (pending ones stay until
-- handled) and gives their bytes back to their orgs. Never shortens the retention below one hour.
create or replace function public.webhook_events_purge(p_retention_seconds integer, p_limit integer)
  returns integer
  language plpgsql volatile security definer set search_path = ''
as $$
declare n integer;
begin
  with gone as (
    delete from public.webhook_events e
     where e.id in (select d.id from public.webhook_events d
                     where d.status <> 'pending'
                       and d.received_at < now() - make_interval(secs => greatest(p_retention_seconds, 3600))
                     order by d.received_at
                     limit least(greatest(p_limit, 1), 10000))
    returning e.org_id, e.stored_bytes
  ), freed as (
    select g.org_id, sum(g.stored_bytes) as bytes, count(*) as n from gone g group by g.org_id
  ), upd as (
    update public.webhook_storage_usage u
       set bytes = greatest(u.bytes - f.bytes, 0), updated_at = now()
      from freed f where u.org_id = f.org_id
    returning 1
  )
  select coalesce(sum(f.n), 0) into n from freed f;
  return n;
end $$;
revoke all on function public.webhook_events_purge(integer, integer) from public;
grant execute on function public.webhook_events_purge(integer, integer) to ${app_role};
