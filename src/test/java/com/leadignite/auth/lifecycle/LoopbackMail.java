package com.leadignite.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with SMTP on a real server on loopback (GreenMail) and email confirmation on (as with SMTP by
 * default); the worker polls every 100 ms. Subclasses share one application context and one SMTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "leadignite.mail.poll-interval=100ms",
        "leadignite.mail.retry-delay=200ms",
        "leadignite.mail.smtp.tls=none",
        "leadignite.mail.smtp.timeout=2s",
        "leadignite.mail.smtp.from=auth@leadignite.test",
        "leadignite.redirects.allow-list=https://app.example.test/auth"})
@ActiveProfiles("test")
public abstract class LoopbackMail {

    protected static final String PASSWORD = "Glacier-Pencil-Orbit-42";
    protected static final String NEW_PASSWORD = "Harbor-Violet-Summit-77";
    protected static GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final int SMTP_PORT;

    static {
        smtp.start();
        SMTP_PORT = smtp.getSmtp().getPort();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("leadignite.mail.smtp.host", () -> "127.0.0.1");
        registry.add("leadignite.mail.smtp.port", () -> SMTP_PORT);
    }

    protected static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    }

    /** The mails received for {@code to}, waiting until there are at least {@code count}. */
    protected static List<MimeMessage> mailsTo(String to, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipient(m).equalsIgnoreCase(to)).toList(), l -> l.size() >= count);
    }

    protected static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String text(MimeMessage m) {
        return GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=");
    }

    protected static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }

    protected static String code(MimeMessage m) {
        return find(text(m), "code: (\\d{6})");
    }

    protected static String tokenHash(MimeMessage m) {
        return find(text(m), "token_hash=([A-Za-z0-9_-]{43})");
    }

}
