-- When the session's owner last proved their password (sign-up, sign-in, reauthenticate). Refreshes
-- copy it into the access token's password amr entry, so a refresh never makes a sign-in look newer.
alter table auth.sessions add column password_auth_at timestamptz;

-- Refresh looks up the newest unrotated token of a session (reuse-interval children).
create index refresh_tokens_session_live_idx on auth.refresh_tokens (session_id) where rotated_at is null;
