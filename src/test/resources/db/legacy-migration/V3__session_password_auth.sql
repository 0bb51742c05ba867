-- When the session's owner last proved their password (sign-up, sign-in, reauthenticate). Refreshes
-- copy it into the access token's password amr entry, so a refresh never makes a sign-in look newer.
alter table auth.sessions add column password_auth_at timestamptz;
