package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.db.Database;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.password.PasswordHasher;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.auth.signin.PasswordSignIn;
import com.leadignite.auth.signin.SignInAttempts;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * Sign-in consults the brute-force hook before the password check and reports the outcome; a LOCKED
 * verdict refuses even the right password with the same invalid_credentials, after the same hash work.
 */
@IntegrationTest
class SignInAttemptsHookTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Database tx;
    @Autowired
    AccountRepository users;
    @Autowired
    SessionRepository sessions;
    @Autowired
    SessionIssuer issuer;
    @Autowired
    AuditWriter audit;
    @Autowired
    com.leadignite.auth.mail.MailProperties mail;
    AuthTestClient auth;

    /** Records calls; answers with the configured verdict. */
    static final class Recording implements SignInAttempts {
        Verdict verdict = Verdict.ALLOW;
        boolean requireCaptcha;
        final List<String> calls = new ArrayList<>();
        final AtomicInteger hashes = new AtomicInteger();

        @Override
        public Verdict before(String email, String ip, String captchaToken) {
            calls.add("before:" + email + ":" + ip + ":" + captchaToken);
            if (requireCaptcha && captchaToken == null) {
                throw new AuthError(HttpStatus.BAD_REQUEST, com.leadignite.auth.api.ErrorCode.CAPTCHA_FAILED, "captcha protection: request disallowed");
            }
            return verdict;
        }

        @Override
        public void failed(String email, String ip) {
            calls.add("failed:" + email);
        }

        @Override
        public void succeeded(String email, String ip) {
            calls.add("succeeded:" + email);
        }
    }

    @Autowired
    com.leadignite.security.resources.PasswordHashingBulkhead bulkhead;

    Recording attempts;
    PasswordSignIn signIn;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
        attempts = new Recording();
        PasswordHasher counting = new PasswordHasher(bulkhead) {
            @Override
            public boolean matches(String password, String storedHash) {
                attempts.hashes.incrementAndGet();
                return super.matches(password, storedHash);
            }
        };
        signIn = new PasswordSignIn(tx, users, sessions, counting, issuer, attempts, audit, mail);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    @Test
    void lockedVerdictRefusesTheRightPasswordAfterTheSameWork() {
        String email = AuthTestClient.email("Hook");
        auth.signUpOrg(email, AuthTestClient.PASSWORD);

        assertThat(signIn.signIn(email, AuthTestClient.PASSWORD, "tok", "203.0.113.9", "ua").accessToken()).isNotBlank();
        assertThat(attempts.calls).containsExactly("before:" + email.toLowerCase() + ":203.0.113.9:tok",
                "succeeded:" + email.toLowerCase());

        attempts.calls.clear();
        attempts.verdict = SignInAttempts.Verdict.LOCKED;
        int before = attempts.hashes.get();
        assertThatThrownBy(() -> signIn.signIn(email, AuthTestClient.PASSWORD, null, "203.0.113.9", "ua"))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
        assertThat(attempts.hashes.get() - before).as("the password hash still ran").isEqualTo(1);
        assertThat(attempts.calls).last().isEqualTo("failed:" + email.toLowerCase());
    }

    @Test
    void unknownEmailsRunOneHashToo() {
        int before = attempts.hashes.get();
        assertThatThrownBy(() -> signIn.signIn(AuthTestClient.email("ghost"), AuthTestClient.PASSWORD, null, "198.51.100.1", null))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
        assertThat(attempts.hashes.get() - before).isEqualTo(1);
    }

    @Test
    void aCaptchaRefusalFromTheHookPropagates() {
        attempts.requireCaptcha = true;
        assertThatThrownBy(() -> signIn.signIn(AuthTestClient.email("cap"), AuthTestClient.PASSWORD, null, "198.51.100.1", null))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.code()).isEqualTo("captcha_failed"));
    }
}
