package com.leadignite.auth.api;

import com.leadignite.auth.oidc.SocialLoginProperties;
import com.leadignite.auth.oidc.SocialLoginService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Social login's two browser legs (API.md §2), and the list of providers a page can offer: {@code GET /authorize} sends the browser to the provider,
 * {@code GET /callback} brings it back to the app. The flow cookie is {@code HttpOnly}, {@code Secure},
 * {@code SameSite=Lax} (a top-level GET back from the provider carries it, a cross-site subrequest does not),
 * sent only to the callback path, and lives as long as the state.
 */
@RestController
@RequestMapping("/auth/v1")
public class SocialLoginController {

    private final SocialLoginService social;
    private final SocialLoginProperties settings;

    public SocialLoginController(SocialLoginService social, SocialLoginProperties settings) {
        this.social = social;
        this.settings = settings;
    }

    /** The names of the configured providers, for a sign-in page's buttons (public; names only). */
    @GetMapping("/providers")
    ResponseEntity<Map<String, List<String>>> providers() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(Map.of("providers", social.providerNames()));
    }

    @GetMapping("/authorize")
    ResponseEntity<Void> authorize(@RequestParam(name = "provider", required = false) String provider,
                                   @RequestParam(name = "redirect_to", required = false) String redirectTo,
                                   @RequestParam(name = "code_challenge", required = false) String codeChallenge,
                                   @RequestParam(name = "code_challenge_method", required = false) String codeChallengeMethod) {
        SocialLoginService.Started started = social.authorize(provider, redirectTo, codeChallenge, codeChallengeMethod);
        return redirect(started.location(), started.browserBinding() == null ? null : cookie(started.browserBinding(), settings.stateTtl()));
    }

    @GetMapping("/callback")
    ResponseEntity<Void> callback(@RequestParam(name = "code", required = false) String code,
                                  @RequestParam(name = "state", required = false) String state,
                                  @RequestParam(name = "error", required = false) String error,
                                  @CookieValue(name = SocialLoginService.COOKIE, required = false) String browser) {
        String location = social.callback(code, state, error, browser);
        return redirect(location, cookie("", Duration.ZERO));
    }

    private static ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(SocialLoginService.COOKIE, value).httpOnly(true).secure(true).sameSite("Lax")
                .path(SocialLoginService.CALLBACK_PATH).maxAge(maxAge).build();
    }

    private static ResponseEntity<Void> redirect(String location, ResponseCookie cookie) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location))
                .cacheControl(CacheControl.noStore());
        if (cookie != null) {
            b.header(HttpHeaders.SET_COOKIE, cookie.toString());
        }
        return b.build();
    }
}
