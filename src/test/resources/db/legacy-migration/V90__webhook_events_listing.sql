-- GET /api/v1/webhook-endpoints/{id}/events pages one endpoint's events, newest first: served by an
-- index instead of a scan of the org's whole inbox. Reading stays under webhook_events_admin_read (V40).
create index webhook_events_endpoint_received_idx
  on public.webhook_events (endpoint_id, received_at desc, id desc);
