-- Periodic audit chain verification (audit.AuditChainVerifier) without an admin behind it, under the claims
-- {"role":"service_audit_verify"}: without an org it only lists the orgs that have a chain; with
-- {"app_metadata":{"org_id":...}} it reads that one org's rows and chain head, as an admin of the org would.
-- It never writes (a broken chain raises an alert through the alert engine's own claims).

create or replace function public.audit_chain_orgs() returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select h.org_key
    from public.audit_chain_heads h
   where (select auth.role()) = 'service_audit_verify'
     and h.org_key <> '00000000-0000-0000-0000-000000000000'::uuid   -- rows of no org: not an org's chain
   order by h.org_key
$$;
revoke all on function public.audit_chain_orgs() from public;
grant execute on function public.audit_chain_orgs() to ${app_role};

create policy audit_events_verify_read on public.audit_events for select to ${app_role}
  using ((select auth.role()) = 'service_audit_verify' and org_id = (select auth.org_id()));

create or replace function public.audit_chain_head() returns bytea
  language sql stable security definer set search_path = ''
as $$
  select h.last_hash
    from public.audit_chain_heads h
   where h.org_key = (select auth.org_id())
     and ((select auth.user_role()) = 'admin' or (select auth.role()) = 'service_audit_verify')
$$;
