package com.leadignite.auth.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * The mails' wording: plain text, with an HTML alternative in which every value is escaped. Links and
 * codes are the only variable parts; nothing a user typed (names, metadata) is ever put in a mail.
 */
public final class MailTemplates {

    private static final String PRODUCT = "Lead Ignite";
    private static final DateTimeFormatter NOTICE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MailTemplates() {
    }

    public static Mail recovery(String to, String link, String code, Duration ttl) {
        return mail(to, "Reset your " + PRODUCT + " password",
                "Someone (hopefully you) asked to reset the password of your " + PRODUCT + " account.",
                "Reset your password", link, code, ttl,
                "If you did not ask for this, ignore this mail: your password stays as it is.");
    }

    public static Mail confirmation(String to, String link, String code, Duration ttl) {
        return mail(to, "Confirm your " + PRODUCT + " address",
                "Confirm this address to finish signing up for " + PRODUCT + ".",
                "Confirm your address", link, code, ttl,
                "If you did not sign up, ignore this mail: the account stays unconfirmed and cannot be signed in to.");
    }

    public static Mail emailChangeNew(String to, String link, String code, Duration ttl) {
        return mail(to, "Confirm your new " + PRODUCT + " address",
                "Your " + PRODUCT + " account asked to use this address from now on.",
                "Confirm the change", link, code, ttl,
                "If you did not ask for this, ignore this mail: nothing changes until the link is used.");
    }

    /** To the old address: no link that acts; what to do if the change was not the owner's. */
    public static Mail emailChangeOld(String to, String newAddress, String recoverLink) {
        String text = "Someone signed in to your " + PRODUCT + " account asked to change its address to "
                + newAddress + ". The change happens only when the new address confirms it.\n\n"
                + "If this was not you, your account may be compromised:\n"
                + "1. Reset your password now: " + recoverLink + " (enter this address, " + to + ").\n"
                + "   Resetting it signs out every other session and cancels the pending change.\n"
                + "2. Tell your organization's admin, who can lock the account and read its audit log.\n";
        String html = "<p>Someone signed in to your " + PRODUCT + " account asked to change its address to <b>"
                + esc(newAddress) + "</b>. The change happens only when the new address confirms it.</p>"
                + "<p>If this was not you, your account may be compromised:</p><ol><li><a href=\"" + esc(recoverLink)
                + "\">Reset your password now</a> (enter " + esc(to) + "). Resetting it signs out every other session"
                + " and cancels the pending change.</li><li>Tell your organization's admin, who can lock the account"
                + " and read its audit log.</li></ol>";
        return new Mail(to, "Your " + PRODUCT + " address is being changed", text, html);
    }

    /**
     * A change to the account's second factors: what happened, when and from which IP; no secret, code or
     * factor name. {@code enrolled} is a completed enrolment, else a removal.
     */
    public static Mail mfaNotice(String to, boolean enrolled, Instant when, String ip, String recoverLink) {
        String what = enrolled ? "An authenticator app was added as a second factor to your " + PRODUCT + " account."
                : "An authenticator app was removed from the second factors of your " + PRODUCT + " account.";
        String at = NOTICE_TIME.format(when) + (ip == null ? "" : ", from the IP address " + ip);
        String text = what + "\n\nWhen: " + at + ".\n\n"
                + "If this was you, there is nothing to do.\n"
                + "If this was not you, someone else can sign in to your account:\n"
                + "1. Reset your password now: " + recoverLink + " (enter this address, " + to + ").\n"
                + "   Resetting it signs out every other session.\n"
                + "2. Tell your organization's admin, who can lock the account and read its audit log.\n";
        String html = "<p>" + esc(what) + "</p><p>When: " + esc(at) + ".</p><p>If this was you, there is nothing to do."
                + "</p><p>If this was not you, someone else can sign in to your account:</p><ol><li><a href=\""
                + esc(recoverLink) + "\">Reset your password now</a> (enter " + esc(to) + "). Resetting it signs out"
                + " every other session.</li><li>Tell your organization's admin, who can lock the account and read its"
                + " audit log.</li></ol>";
        String subject = enrolled ? "Two-factor authentication was added to your " + PRODUCT + " account"
                : "A second factor was removed from your " + PRODUCT + " account";
        return new Mail(to, subject, text, html);
    }

    public static Mail invitation(String to, String link, Duration validFor) {
        String text = "You have been invited to join an organization on " + PRODUCT + ".\n\n"
                + "Accept the invitation: " + link + "\n\n"
                + "Sign up with this address (" + to + "). The invitation works once and expires in "
                + human(validFor) + ". If you did not expect it, ignore this mail.\n";
        String html = "<p>You have been invited to join an organization on " + PRODUCT + ".</p><p><a href=\""
                + esc(link) + "\">Accept the invitation</a></p><p>Sign up with this address (" + esc(to)
                + "). The invitation works once and expires in " + esc(human(validFor))
                + ". If you did not expect it, ignore this mail.</p>";
        return new Mail(to, "You are invited to " + PRODUCT, text, html);
    }

    private static Mail mail(String to, String subject, String intro, String action, String link, String code,
                             Duration ttl, String ignore) {
        String text = intro + "\n\n" + action + ": " + link + "\n\nOr enter this code: " + code + "\n\n"
                + "The link and the code work once and expire in " + human(ttl) + ".\n" + ignore + "\n";
        String html = "<p>" + esc(intro) + "</p><p><a href=\"" + esc(link) + "\">" + esc(action) + "</a></p>"
                + "<p>Or enter this code: <b>" + esc(code) + "</b></p><p>The link and the code work once and expire in "
                + esc(human(ttl)) + ".<br>" + esc(ignore) + "</p>";
        return new Mail(to, subject, text, html);
    }

    static String human(Duration d) {
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " minutes";
        }
        return d.toHours() < 48 ? d.toHours() + " hours" : d.toDays() + " days";
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
