-- A lead is only ever assigned to an agent of its org (API.md §3 assign). The admin policy of V10
-- checks it on every admin write; this migration makes the rest of the system keep it:
--   * a role change away from 'agent' clears the person's assignments (done and audited by the
--     service in the role change's transaction; see UserService.changeRole);
--   * only an admin changes an assignment, whatever a policy admits for agents and users (trigger
--     below), so the user policy no longer needs "assigned_agent_id is null" in its WITH CHECK, which
--     made a user's edit of their own lead fail once an admin had assigned it to an agent.
-- A lock keeps the assignment: a locked agent is still an agent of the org, and an unlock resumes work.

drop policy leads_user_update on public.leads;
create policy leads_user_update on public.leads for update to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
         and owner_id = (select auth.uid()))
  with check (org_id = (select auth.org_id()) and (select auth.user_role()) = 'user'
              and owner_id = (select auth.uid()));

create or replace function public.crm_guard_update() returns trigger
  language plpgsql
as $$
begin
  if new.id is distinct from old.id or new.org_id is distinct from old.org_id
     or new.created_at is distinct from old.created_at then
    raise exception 'id, org_id and created_at are immutable' using errcode = '42501';
  end if;
  -- Nested IFs: PL/pgSQL does not short-circuit AND, and new.lead_id exists only on calls.
  if tg_table_name = 'leads' then
    if new.owner_id is distinct from old.owner_id then
      raise exception 'owner_id is immutable' using errcode = '42501';
    end if;
    if new.assigned_agent_id is distinct from old.assigned_agent_id
       and current_user = '${app_role}' and coalesce(auth.user_role(), '') in ('agent', 'user') then
      raise exception 'only an admin assigns leads' using errcode = '42501';
    end if;
  elsif tg_table_name = 'calls' then
    if new.lead_id is distinct from old.lead_id or new.created_by is distinct from old.created_by then
      raise exception 'lead_id and created_by are immutable' using errcode = '42501';
    end if;
  end if;
  new.updated_at := now();
  return new;
end $$;
