-- A call's lifecycle (crm.calls.CallStatus): a dial is queued at the provider, may be reported in progress
-- (Vapi status-update), and ends completed or failed with the provider's end-of-call report. Calls logged by
-- hand and calls first seen in a report are completed. The set is closed: the application maps every
-- provider word onto it before writing.
alter table public.calls drop constraint calls_status_check;
alter table public.calls add constraint calls_status_check
  check (status in ('queued', 'in_progress', 'completed', 'failed'));
