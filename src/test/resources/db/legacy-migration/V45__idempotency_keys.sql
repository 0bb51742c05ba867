-- Idempotency-Key support for POST /api/v1/leads and POST /api/v1/leads/{id}/calls (API.md §5).
--
-- A key belongs to one user: the primary key is (user_id, key) and every policy admits only the
-- caller's own rows, so a key never reveals another user's response. A row is reserved ('in_progress')
-- in its own short transaction before the request is processed, so concurrent duplicates see it, and
-- completed with the first successful response. Only a SHA-256 of the request is kept, never its body;
-- the stored response is what the same user already received.

create table public.idempotency_keys (
  user_id          uuid not null references auth.users (id) on delete cascade,
  org_id           uuid not null references public.organizations (id),
  key              text not null check (char_length(key) between 1 and 255 and key ~ '^[ -~]+$'),
  request_hash     bytea not null check (octet_length(request_hash) = 32),  -- SHA-256 of method, path, canonical body
  status           text not null check (status in ('in_progress', 'completed')),
  response_status  smallint check (response_status between 200 and 299),  -- only successes are kept
  response_body    text check (octet_length(response_body) <= 1048576),   -- exactly as first sent
  location         text check (char_length(location) <= 2048),
  created_at       timestamptz not null default now(),
  expires_at       timestamptz not null,
  primary key (user_id, key),
  check ((status = 'completed') = (response_status is not null)),
  check (expires_at > created_at)
);
create index idempotency_keys_org_id_idx on public.idempotency_keys (org_id);
create index idempotency_keys_expires_at_idx on public.idempotency_keys (expires_at);

alter table public.idempotency_keys enable row level security;
alter table public.idempotency_keys force row level security;
create policy idempotency_keys_own_select on public.idempotency_keys for select to ${app_role}
  using (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
create policy idempotency_keys_own_insert on public.idempotency_keys for insert to ${app_role}
  with check (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
create policy idempotency_keys_own_update on public.idempotency_keys for update to ${app_role}
  using (user_id = (select auth.uid()) and org_id = (select auth.org_id()))
  with check (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
-- Releasing a reservation after a failed first attempt.
create policy idempotency_keys_own_delete on public.idempotency_keys for delete to ${app_role}
  using (user_id = (select auth.uid()) and org_id = (select auth.org_id()));
grant select, insert, delete on public.idempotency_keys to ${app_role};
-- Completing a reservation, or taking over an expired or abandoned one; owner and key never change.
grant update (request_hash, status, response_status, response_body, location, created_at, expires_at)
  on public.idempotency_keys to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- Expired rows of every user are removed by a scheduled job that acts for nobody in particular, so it
-- goes through a SECURITY DEFINER function that can do exactly that and nothing else. FORCE ROW LEVEL
-- SECURITY applies to the owner too (unless superuser): the owner gets a policy of its own, reachable by
-- the runtime role only through the function.
do $$
begin
  execute format('create policy idempotency_keys_definer_purge on public.idempotency_keys for all to %I using (true)', current_user);
end $$;

create or replace function public.idempotency_keys_purge(p_limit integer)
  returns integer
  language plpgsql volatile security definer set search_path = ''
as $$
declare n integer;
begin
  delete from public.idempotency_keys
   where ctid in (select k.ctid from public.idempotency_keys k
                   where k.expires_at <= now()
                   limit least(greatest(p_limit, 1), 10000))
     and expires_at <= now();  -- re-checked if a row was taken over meanwhile
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function public.idempotency_keys_purge(integer) from public;
grant execute on function public.idempotency_keys_purge(integer) to ${app_role};
