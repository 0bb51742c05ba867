-- Account lifecycle (API.md §2): proven addresses, mailed one-time tokens and the mail outbox.

-- When the owner proved the address (confirmation link or code, recovery, invitation). Null until then:
-- existing accounts stay unproven, and recovery or a resent confirmation proves them.
alter table auth.users add column email_confirmed_at timestamptz;

-- How the session's last authentication was proven: a password, or a mailed one-time token ('otp'). The
-- access token's amr entry carries it, with password_auth_at as its timestamp.
alter table auth.sessions add column auth_method text not null default 'password'
  check (auth_method in ('password', 'otp'));

-- email_confirmed_at changes only through the auth component (which proves the address first), never on
-- an end user's behalf, not even an admin's own row.
create or replace function auth.users_confirmation_guard() returns trigger
  language plpgsql
as $$
begin
  if current_user <> '${app_role}' or auth.is_service() then
    return new;
  end if;
  if new.email_confirmed_at is distinct from old.email_confirmed_at then
    raise exception 'email_confirmed_at changes only through the auth component' using errcode = '42501';
  end if;
  return new;
end $$;
revoke all on function auth.users_confirmation_guard() from public;
create trigger users_confirmation_guard before update on auth.users
  for each row execute function auth.users_confirmation_guard();

-- ---------------------------------------------------------------------------------------------
-- Mailed one-time tokens: a link value (token_hash in the mail) and a 6-digit code, both stored only as
-- SHA-256, bound to one user and one purpose, single use, short-lived. email is the address the mail went
-- to (for email_change, the new address). failed_attempts counts wrong codes sent for that address.
create table auth.one_time_tokens (
  id               uuid primary key default gen_random_uuid(),
  user_id          uuid not null references auth.users (id) on delete cascade,
  purpose          text not null check (purpose in ('recovery', 'signup', 'email_change')),
  email            text not null check (char_length(email) between 3 and 254),
  link_hash        bytea not null unique check (octet_length(link_hash) = 32),
  code_hash        bytea not null check (octet_length(code_hash) = 32),
  expires_at       timestamptz not null,
  used_at          timestamptz,
  failed_attempts  integer not null default 0 check (failed_attempts >= 0),
  created_at       timestamptz not null default now()
);
create index one_time_tokens_user_idx on auth.one_time_tokens (user_id, purpose);
create index one_time_tokens_email_idx on auth.one_time_tokens (lower(email), purpose) where used_at is null;

alter table auth.one_time_tokens enable row level security;
alter table auth.one_time_tokens force row level security;
create policy one_time_tokens_service_all on auth.one_time_tokens for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
grant select, insert, update, delete on auth.one_time_tokens to ${app_role};

-- ---------------------------------------------------------------------------------------------
-- The mail outbox: a row is queued in the transaction of the event that causes the mail and sent by
-- auth.mail.MailWorker after commit, with retries and back-off. A row holds what the mail is about, not
-- its text: links with fresh tokens are minted when it is sent, so no usable token sits here. The one
-- exception, an invitation's token, is sealed with the master key and wiped once the mail is out.
create table auth.mail_outbox (
  id               uuid primary key default gen_random_uuid(),
  kind             text not null check (kind in ('recovery', 'confirmation', 'email_change_new',
                                                 'email_change_old', 'invitation')),
  recipient        text not null check (char_length(recipient) between 3 and 254),
  user_id          uuid references auth.users (id) on delete cascade,
  org_id           uuid references public.organizations (id) on delete cascade,
  redirect_to      text check (char_length(redirect_to) <= 2048),
  other_address    text check (char_length(other_address) <= 254),   -- the new address, in an email-change notice
  sealed_secret    bytea check (octet_length(sealed_secret) <= 1024),
  attempts         integer not null default 0 check (attempts >= 0),
  next_attempt_at  timestamptz not null default now(),
  sent_at          timestamptz,
  failed_at        timestamptz,
  last_error       text check (char_length(last_error) <= 200),
  created_at       timestamptz not null default now()
);
create index mail_outbox_due_idx on auth.mail_outbox (next_attempt_at) where sent_at is null and failed_at is null;

alter table auth.mail_outbox enable row level security;
alter table auth.mail_outbox force row level security;
create policy mail_outbox_service_all on auth.mail_outbox for all to ${app_role}
  using ((select auth.is_service())) with check ((select auth.is_service()));
-- An admin's invitation queues its own mail in the same transaction, for their org only.
create policy mail_outbox_admin_invitation on auth.mail_outbox for insert to ${app_role}
  with check (kind = 'invitation' and org_id = (select auth.org_id()) and (select auth.user_role()) = 'admin'
              and user_id is null);
grant select, insert, update, delete on auth.mail_outbox to ${app_role};
