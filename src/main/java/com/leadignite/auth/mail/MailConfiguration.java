package com.leadignite.auth.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the transport from {@code SMTP_*} and says at start-up what mail and confirmation do. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    MailTransport mailTransport(MailProperties props) {
        if (props.smtp().configured()) {
            log.info("mail: SMTP {}:{} ({}); email confirmation {}", props.smtp().host(), props.smtp().effectivePort(),
                    props.smtp().tls(), props.confirmationRequired() ? "on" : "off (AUTH_EMAIL_CONFIRM=false)");
            return new SmtpMailTransport(props.smtp());
        }
        log.warn("mail: no SMTP configured (SMTP_HOST): mails are written to this log, links included; email "
                + "confirmation is {}", props.confirmationRequired() ? "on (AUTH_EMAIL_CONFIRM=true)" : "off");
        return new LoggedMailTransport();
    }
}
