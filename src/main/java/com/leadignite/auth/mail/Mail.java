package com.leadignite.auth.mail;

/**
 * A rendered mail, ready for a transport. Its text carries a live link: never logged in {@code prod}.
 *
 * @param html optional HTML alternative, every value in it already escaped; null = plain text only
 */
public record Mail(String to, String subject, String text, String html) {

    @Override
    public String toString() {
        return "Mail[subject=" + subject + "]";
    }
}
