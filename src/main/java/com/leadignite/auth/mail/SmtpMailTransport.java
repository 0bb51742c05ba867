package com.leadignite.auth.mail;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends through {@code SMTP_*}. The sender is built here rather than as a bean: Spring Boot's mail health
 * indicator would otherwise dial the SMTP server on every health probe.
 */
final class SmtpMailTransport implements MailTransport {

    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
    private final String from;

    SmtpMailTransport(MailProperties.Smtp smtp) {
        this.from = smtp.from();
        sender.setHost(smtp.host());
        sender.setPort(smtp.effectivePort());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties p = sender.getJavaMailProperties();
        String timeout = Long.toString(smtp.timeout().toMillis());
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        if (smtp.username() != null) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
            p.setProperty("mail.smtp.auth", "true");
        }
        switch (smtp.tls()) {
            case starttls -> {
                // Required, not opportunistic: a server (or a man in the middle) that does not offer it fails.
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case tls -> {
                sender.setProtocol("smtps");
                p.setProperty("mail.smtps.ssl.checkserveridentity", "true");
                p.setProperty("mail.smtps.connectiontimeout", timeout);
                p.setProperty("mail.smtps.timeout", timeout);
                p.setProperty("mail.smtps.writetimeout", timeout);
                if (smtp.username() != null) {
                    p.setProperty("mail.smtps.auth", "true");
                }
            }
            case none -> {
                // Plain SMTP: a relay on the same host or a test server; prod warns about it at start-up.
            }
        }
    }

    @Override
    public void send(Mail mail) throws Exception {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, mail.html() != null, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(mail.to());
        helper.setSubject(mail.subject());
        if (mail.html() != null) {
            helper.setText(mail.text(), mail.html());
        } else {
            helper.setText(mail.text());
        }
        sender.send(message);
    }
}
