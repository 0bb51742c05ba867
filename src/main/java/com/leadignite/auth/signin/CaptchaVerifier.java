package com.leadignite.auth.signin;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a captcha token server-side with a {@code siteverify}-style form post ({@code secret},
 * {@code response}, {@code remoteip}) and a JSON answer {@code {"success": true|false}}. Anything but
 * an explicit success (a missing token, a refusal, a timeout, an error or unreadable answer of the
 * verifier) is {@code 400 captcha_failed}: a broken verifier never waves attempts through.
 * Sign-up calls it on every request; sign-in through {@link BruteForceProtection} once an account has
 * failed often enough.
 */
@Component
public class CaptchaVerifier {

    private static final Logger log = LoggerFactory.getLogger(CaptchaVerifier.class);
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final CaptchaProperties props;
    private final HttpClient http;
    private final JsonMapper json;

    public CaptchaVerifier(CaptchaProperties props, JsonMapper json) {
        this.props = props;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(props.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public boolean enabled() {
        return props.enabled();
    }

    /** @throws AuthError 400 {@code captcha_failed} unless the verifier confirms {@code token} */
    public void verify(String token, String clientIp) {
        if (!enabled()) {
            return;
        }
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw failed();
        }
        StringBuilder form = new StringBuilder()
                .append("secret=").append(enc(props.secret()))
                .append("&response=").append(enc(token));
        if (clientIp != null && !clientIp.isBlank()) {
            form.append("&remoteip=").append(enc(clientIp));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(props.verifyUrl()))
                .timeout(props.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("captcha verifier answered HTTP {}", response.statusCode());
                throw failed();
            }
            JsonNode body = json.readTree(response.body());
            if (body == null || !body.path("success").isBoolean() || !body.path("success").asBoolean()) {
                throw failed();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AuthError ae) {
                throw ae;
            }
            log.warn("captcha verifier unavailable: {}", e.getClass().getSimpleName());
            throw failed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed();
        }
    }

    private static AuthError failed() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.CAPTCHA_FAILED, "captcha protection: request disallowed");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
