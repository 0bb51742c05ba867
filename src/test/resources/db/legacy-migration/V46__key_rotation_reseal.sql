-- Master-key rotation re-seals the webhook endpoint secrets of every org (the secrets themselves do
-- not change). It runs with the claims {"role":"service_keys"}, which only the re-sealing component
-- sets: it may read every endpoint and update it, and the column grants of V40 already confine an
-- UPDATE to the sealed-secret, rotation and deletion columns.
create policy webhook_endpoints_key_rotation_read on public.webhook_endpoints for select to ${app_role}
  using ((select auth.role()) = 'service_keys');
create policy webhook_endpoints_key_rotation_update on public.webhook_endpoints for update to ${app_role}
  using ((select auth.role()) = 'service_keys') with check ((select auth.role()) = 'service_keys');
