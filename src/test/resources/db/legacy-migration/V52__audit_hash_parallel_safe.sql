-- Verification checks each row's hash on its own (set-based, no order needed), so PostgreSQL may spread
-- the hashing over parallel workers. A function is parallel unsafe unless declared otherwise, and one
-- unsafe call keeps the whole statement serial. audit_event_hash only reads its arguments and calls
-- parallel-safe built-ins (sha256, convert_to, concat_ws, host), so it is safe.
alter function public.audit_event_hash(bytea, public.audit_events) parallel safe;
