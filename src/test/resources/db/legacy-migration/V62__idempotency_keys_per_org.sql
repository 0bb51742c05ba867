-- An idempotency key belongs to a user in one org. The policies of V45 already show a user only the
-- rows of their current org, but the primary key (user_id, key) did not include the org: after a user
-- was moved to another org (only ever done out of band), reusing a key hit the old org's row, which
-- the user can no longer see or update, and the request failed instead of being processed. With the
-- org in the key the old row is simply another key, left to expire.
alter table public.idempotency_keys drop constraint idempotency_keys_pkey;
alter table public.idempotency_keys add primary key (user_id, org_id, key);
