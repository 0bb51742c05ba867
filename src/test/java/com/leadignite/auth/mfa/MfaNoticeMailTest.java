package com.leadignite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.lifecycle.LoopbackMail;
import com.leadignite.auth.mail.MailWorker;
import com.leadignite.support.Http;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The MFA notices over real HTTP and real SMTP (GreenMail): one mail when a factor's enrolment completes
 * and one when a verified factor is removed, saying what, when and from which IP, with no secret, code or
 * factor name; none for enrolling, a challenge, a failed or a repeated verify, or dropping an unverified
 * factor.
 */
class MfaNoticeMailTest extends LoopbackMail {

    @LocalServerPort
    int port;
    @Autowired
    MailWorker worker;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    private String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    /** Signs up and confirms by the mailed code; the session's access token. */
    private String confirmedAccount(String address) {
        Http.Response up = http.post("/auth/v1/signup", Map.of("email", address, "password", PASSWORD,
                "data", Map.of("org_name", "Acme " + address)));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        Http.Response v = http.post("/auth/v1/verify", Map.of("type", "signup", "email", address,
                "token", code(mailsTo(address, 1).get(0))));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        return v.json().get("access_token").asString();
    }

    private String challenge(String token, String factor) {
        Http.Response r = http.post("/auth/v1/factors/" + factor + "/challenge", Map.of(), bearer(token));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    private Http.Response verify(String token, String factor, String code) {
        return http.post("/auth/v1/factors/" + factor + "/verify",
                Map.of("challenge_id", challenge(token, factor), "code", code), bearer(token));
    }

    private static String totp(String base32, int offset) {
        return Totp.code(decode(base32), Totp.step(Instant.now().getEpochSecond()) + offset, Totp.DIGITS);
    }

    private static byte[] decode(String base32) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** All mails to {@code to}, once the outbox has nothing due left. */
    private static List<MimeMessage> allMailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equalsIgnoreCase(to)).toList();
    }

    @Test
    void enrolmentAndRemovalOfAVerifiedFactorAreEachNoticedOnceAndNothingElseIs() throws Exception {
        String address = email("mfa-notice");
        String token = confirmedAccount(address);
        String name = "<b>pocket-phone</b>";
        Http.Response enrolled = http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", name),
                bearer(token));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        String factor = enrolled.json().get("id").asString();
        String secret = enrolled.json().get("totp").get("secret").asString();

        // A wrong code (none of the window's) is refused and noticed by nobody.
        Set<String> valid = Set.of(totp(secret, -1), totp(secret, 0), totp(secret, 1));
        String wrong = valid.contains("123456") ? "654321" : "123456";
        assertThat(verify(token, factor, wrong).status()).isEqualTo(422);
        worker.drain();
        assertThat(allMailsTo(address)).as("enrol, challenge and failed verify mail nothing").hasSize(1);

        String code = totp(secret, 0);
        Http.Response ok = verify(token, factor, code);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        String aal2 = ok.json().get("access_token").asString();
        MimeMessage added = mailsTo(address, 2).get(1);
        String text = text(added);
        assertThat(added.getSubject()).contains("Two-factor authentication was added");
        assertThat(text).contains("An authenticator app was added").contains("from the IP address 127.0.0.1")
                .containsPattern("When: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")
                .contains("Reset your password now: http://localhost").contains("admin")
                .doesNotContain(secret).doesNotContain(code).doesNotContain("pocket-phone").doesNotContain(factor);

        // A later verify of the same factor (a sign-in's step-up) is no enrolment.
        assertThat(verify(aal2, factor, totp(secret, 1)).status()).isEqualTo(200);
        // Dropping an unverified factor: nothing was announced, nothing is.
        String second = http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "spare"), bearer(aal2))
                .json().get("id").asString();
        assertThat(http.delete("/auth/v1/factors/" + second, bearer(aal2)).status()).isEqualTo(200);
        worker.drain();
        assertThat(allMailsTo(address)).hasSize(2);

        assertThat(http.delete("/auth/v1/factors/" + factor, bearer(aal2)).status()).isEqualTo(200);
        MimeMessage removed = mailsTo(address, 3).get(2);
        assertThat(removed.getSubject()).contains("A second factor was removed");
        assertThat(text(removed)).contains("An authenticator app was removed").contains("from the IP address 127.0.0.1")
                .contains("Reset your password now").doesNotContain(secret).doesNotContain("pocket-phone");
        worker.drain();
        assertThat(allMailsTo(address)).hasSize(3);
    }

    @Test
    void aRefusedRemovalMailsNothing() throws Exception {
        String address = email("mfa-refused");
        String token = confirmedAccount(address);
        Http.Response enrolled = http.post("/auth/v1/factors", Map.of("factor_type", "totp"), bearer(token));
        String factor = enrolled.json().get("id").asString();
        String secret = enrolled.json().get("totp").get("secret").asString();
        assertThat(verify(token, factor, totp(secret, 0)).status()).isEqualTo(200);
        mailsTo(address, 2);
        // The aal1 session of before the enrolment was ended; a fresh password sign-in is aal1 only.
        String aal1 = http.post("/auth/v1/token?grant_type=password", Map.of("email", address, "password", PASSWORD))
                .json().get("access_token").asString();
        assertThat(http.delete("/auth/v1/factors/" + factor, bearer(aal1)).status()).isEqualTo(403);
        worker.drain();
        assertThat(allMailsTo(address)).hasSize(2);
    }
}
