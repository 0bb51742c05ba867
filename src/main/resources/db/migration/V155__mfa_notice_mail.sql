-- MFA notices: a mail to the account's address when a factor's enrolment completes and when a verified
-- factor is removed, queued in the transaction that does it (auth.mfa.MfaMails renders them). The notice
-- says from which address the request came, so the outbox keeps the client IP of the event.
alter table auth.mail_outbox drop constraint mail_outbox_kind_check;
alter table auth.mail_outbox add constraint mail_outbox_kind_check
  check (kind in ('recovery', 'confirmation', 'email_change_new', 'email_change_old', 'invitation',
                  'mfa_enrolled', 'mfa_removed'));
alter table auth.mail_outbox add column client_ip text check (char_length(client_ip) <= 64);
