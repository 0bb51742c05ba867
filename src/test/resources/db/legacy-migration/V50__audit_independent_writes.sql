-- Independent audit rows (denials, failed sign-ins, rejected webhooks) are written by the audit
-- component under its own claims, after the request's transaction has ended: those claims may append
-- an audit row for any org (a cross-org probe is recorded in the owning org's log) and nothing else.
create policy audit_events_service_audit_append on public.audit_events for insert to ${app_role}
  with check ((select auth.role()) = 'service_audit');

-- For the audit of a 404 only: the org a record with this id belongs to, if any (past row-level
-- security; nothing else is returned). The caller's own log records every foreign or unknown id the
-- same way; a probe of another org's record is recorded in that org's log, where the prober cannot
-- read it.
create or replace function public.crm_record_org(p_kind text, p_id uuid) returns uuid
  language sql stable security definer set search_path = ''
as $$
  select case p_kind
    when 'lead' then (select org_id from public.leads where id = p_id)
    when 'call' then (select org_id from public.calls where id = p_id)
    when 'assistant' then (select org_id from public.assistants where id = p_id)
  end
$$;
revoke all on function public.crm_record_org(text, uuid) from public;
grant execute on function public.crm_record_org(text, uuid) to ${app_role};
