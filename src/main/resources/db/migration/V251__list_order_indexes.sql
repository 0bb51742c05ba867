-- Indexes in exactly the order the lists ask for by default (web.SortSpec: "<column> desc nulls last,
-- id desc"). The earlier ones were "<column> desc" (nulls first), which the planner cannot use for that
-- order: every list read all of the org's rows and sorted them to return 20. With these, the first page
-- is the first rows of an index scan. Same leading columns, so the old indexes' other uses are covered.
create index leads_org_order_idx on public.leads (org_id, created_at desc nulls last, id desc);
drop index if exists public.leads_org_id_idx;

create index assistants_org_order_idx on public.assistants (org_id, created_at desc nulls last, id desc);
drop index if exists public.assistants_org_id_idx;

create index calls_lead_order_idx on public.calls (lead_id, started_at desc nulls last, id desc);
drop index if exists public.calls_lead_id_idx;
