package com.leadignite.auth.mail;

/** Where rendered mails go: the SMTP server, or (no SMTP, never in {@code prod}) the log. */
public sealed interface MailTransport permits SmtpMailTransport, LoggedMailTransport {

    /** Sends or throws; the worker retries on any exception. */
    void send(Mail mail) throws Exception;
}
