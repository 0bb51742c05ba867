-- Serializes GoHighLevel token refreshes across instances (a refresh token is single use at HighLevel).
-- An instance claims the lease in its own short transaction (only while the sealed credential is still the
-- one it read and no unexpired lease is held), calls HighLevel with no transaction open, and clears the
-- lease with the new tokens. Another instance waits for the lease to go, then uses the tokens it left.
-- An instance that dies mid-refresh leaves a lease that simply expires. Written under the existing
-- policies of V200 (service_integration and admins update their org's rows).
alter table public.integrations add column refresh_lease_until timestamptz;
