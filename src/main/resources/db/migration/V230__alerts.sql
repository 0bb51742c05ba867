-- Alerts raised by com.leadignite.alerts (API.md §6). One row per alert: opened when a rule's sliding-window
-- count reaches its threshold, its count and last_seen grow while it stays open, and it is resolved after a
-- quiet period. org_id null: a deployment-wide alert (per client address, 5xx bursts), shown only to the
-- operator org's admins. subject is a SHA-256 of the alert's scope and key: at most one open alert per rule
-- and subject, whichever instance raised it (the unique index below is the deduplication across instances).
create table public.alerts (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid references public.organizations (id) on delete cascade,
  rule         text not null check (rule ~ '^[a-z_]{1,64}$'),
  severity     text not null check (severity in ('info', 'warning', 'critical')),
  subject      text not null check (subject ~ '^[0-9a-f]{64}$'),
  state        text not null default 'open' check (state in ('open', 'resolved')),
  first_seen   timestamptz not null,
  last_seen    timestamptz not null,
  resolved_at  timestamptz,
  count        bigint not null check (count > 0),
  details      jsonb not null default '{}'::jsonb,
  check ((state = 'resolved') = (resolved_at is not null))
);
create unique index alerts_open_subject_idx on public.alerts (rule, subject) where state = 'open';
create index alerts_org_idx on public.alerts (org_id, state, last_seen desc);
create index alerts_open_last_seen_idx on public.alerts (last_seen) where state = 'open';

alter table public.alerts enable row level security;
alter table public.alerts force row level security;
-- The alert engine (a background thread, claims role 'service_alerts') writes and resolves alerts and reads
-- the deployment-wide ones for the operator's admins.
create policy alerts_service_all on public.alerts for all to ${app_role}
  using ((select auth.role()) = 'service_alerts') with check ((select auth.role()) = 'service_alerts');
-- Admins read their own org's alerts, nothing else.
create policy alerts_admin_read on public.alerts for select to ${app_role}
  using (org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin');
grant select, insert, update on public.alerts to ${app_role};
