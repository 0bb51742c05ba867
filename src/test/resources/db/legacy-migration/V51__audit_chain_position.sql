-- Chain order is assigned where the chain is built. seq comes from an identity default, evaluated
-- before the trigger waits for the org's chain-head lock, so concurrent writers can chain rows in
-- another order than their seq: a verifier walking seq then reported tampering that never happened.
-- chain_pos is numbered under that lock, one org at a time, and is the order verification walks.
alter table public.audit_events add column chain_pos bigint;
alter table public.audit_chain_heads add column last_pos bigint not null default 0;

-- Existing rows: follow the links themselves (each row names the previous row's hash), so chains
-- already written out of seq order get their true order. Rows no link reaches (a chain broken before
-- this migration) follow in seq order and still fail verification, as they should.
create index audit_events_prev_hash_tmp on public.audit_events (prev_hash);
with recursive walk as (
  select a.id, a.hash, coalesce(a.org_id, '00000000-0000-0000-0000-000000000000'::uuid) as k, 1::bigint as pos
    from public.audit_events a
   where a.prev_hash is null
  union all
  select n.id, n.hash, w.k, w.pos + 1
    from walk w
    join public.audit_events n
      on n.prev_hash = w.hash and coalesce(n.org_id, '00000000-0000-0000-0000-000000000000'::uuid) = w.k
)
update public.audit_events a set chain_pos = w.pos from walk w where a.id = w.id;
drop index public.audit_events_prev_hash_tmp;

with rest as (
  select a.id, coalesce(a.org_id, '00000000-0000-0000-0000-000000000000'::uuid) as k,
         row_number() over (partition by a.org_id order by a.seq) as n
    from public.audit_events a
   where a.chain_pos is null
), base as (
  select coalesce(a.org_id, '00000000-0000-0000-0000-000000000000'::uuid) as k, max(a.chain_pos) as top
    from public.audit_events a group by 1
)
update public.audit_events a set chain_pos = coalesce(b.top, 0) + r.n
  from rest r left join base b on b.k = r.k
 where a.id = r.id;

update public.audit_chain_heads h
   set last_pos = coalesce((select max(a.chain_pos) from public.audit_events a
                             where coalesce(a.org_id, '00000000-0000-0000-0000-000000000000'::uuid) = h.org_key), 0);

alter table public.audit_events alter column chain_pos set not null;
create unique index audit_events_org_chain_idx on public.audit_events (org_id, chain_pos);

create or replace function public.audit_events_chain() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  k uuid := coalesce(new.org_id, '00000000-0000-0000-0000-000000000000'::uuid);
  prev bytea;
  pos bigint;
begin
  insert into public.audit_chain_heads (org_key, last_hash) values (k, '\x'::bytea)
    on conflict (org_key) do nothing;
  select last_hash, last_pos into prev, pos from public.audit_chain_heads where org_key = k for update;
  new.chain_pos := pos + 1;
  new.prev_hash := nullif(prev, '\x'::bytea);
  new.hash := public.audit_event_hash(new.prev_hash, new);
  update public.audit_chain_heads set last_hash = new.hash, last_pos = new.chain_pos where org_key = k;
  return new;
end $$;
revoke all on function public.audit_events_chain() from public;
