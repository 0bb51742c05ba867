package com.leadignite.auth.api;

import com.leadignite.auth.lifecycle.AccountLifecycleService;
import com.leadignite.auth.oidc.SocialLoginService;
import com.leadignite.auth.reauth.ReauthenticationNonces;
import com.leadignite.auth.session.LogoutService;
import com.leadignite.auth.session.RefreshService;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.session.SessionResponse;
import com.leadignite.auth.signin.CaptchaVerifier;
import com.leadignite.auth.signin.ClientIp;
import com.leadignite.auth.signin.PasswordSignIn;
import com.leadignite.auth.signup.SignUpService;
import com.leadignite.auth.user.AccountService;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Supabase Auth compatible subset of {@code /auth/v1} (API.md §2). */
@RestController
@RequestMapping("/auth/v1")
public class AuthController {

    private final SignUpService signUp;
    private final PasswordSignIn signIn;
    private final RefreshService refresh;
    private final LogoutService logout;
    private final AccountService users;
    private final CaptchaVerifier captcha;
    private final ReauthenticationNonces nonces;
    private final AccountLifecycleService lifecycle;
    private final SessionDelivery delivery;
    private final SocialLoginService socialLogin;

    public AuthController(SignUpService signUp, PasswordSignIn signIn, RefreshService refresh, LogoutService logout,
                          AccountService users, CaptchaVerifier captcha, ReauthenticationNonces nonces,
                          AccountLifecycleService lifecycle, SessionDelivery delivery, SocialLoginService socialLogin) {
        this.delivery = delivery;
        this.socialLogin = socialLogin;
        this.nonces = nonces;
        this.lifecycle = lifecycle;
        this.captcha = captcha;
        this.signUp = signUp;
        this.signIn = signIn;
        this.refresh = refresh;
        this.logout = logout;
        this.users = users;
    }

    /** A session, or (email confirmation on) the new user without one, as GoTrue answers. */
    @PostMapping("/signup")
    ResponseEntity<Object> signUp(@RequestBody AuthRequests.SignUp body,
                                  @RequestParam(name = "redirect_to", required = false) String redirectTo,
                                  HttpServletRequest request) {
        // As in Supabase: when a captcha verifier is configured, every sign-up needs a passing token.
        captcha.verify(AuthRequests.captcha(body.gotrueMetaSecurity()), ClientIp.of(request));
        SignUpService.Result result = signUp.signUp(body.email(), body.password(), body.data(), ClientIp.of(request),
                request.getHeader("User-Agent"), redirectTo);
        return noStore(result.session() != null ? result.session().toResponse() : result.user());
    }

    /** Always {@code 200 {}}: the request only queues a mail, whether the address has an account or not. */
    @PostMapping("/recover")
    ResponseEntity<Map<String, Object>> recover(@RequestBody AuthRequests.Recover body,
                                                @RequestParam(name = "redirect_to", required = false) String redirectTo,
                                                HttpServletRequest request) {
        captcha.verify(AuthRequests.captcha(body.gotrueMetaSecurity()), ClientIp.of(request));
        lifecycle.recover(body.email(), redirectTo);
        return noStore(Map.of());
    }

    @PostMapping("/resend")
    ResponseEntity<Map<String, Object>> resend(@RequestBody AuthRequests.Resend body,
                                               @RequestParam(name = "redirect_to", required = false) String redirectTo,
                                               HttpServletRequest request) {
        captcha.verify(AuthRequests.captcha(body.gotrueMetaSecurity()), ClientIp.of(request));
        lifecycle.resend(body.type(), body.email(), redirectTo);
        return noStore(Map.of());
    }

    @PostMapping("/verify")
    ResponseEntity<SessionResponse> verify(@RequestBody AuthRequests.Verify body, HttpServletRequest request) {
        return session(lifecycle.verify(body.type(), body.tokenHash(), body.email(), body.token(), ClientIp.of(request),
                request.getHeader("User-Agent")));
    }

    /** {@code session=cookie}: a browser session in HttpOnly cookies instead of tokens in the body (API.md §7). */
    @PostMapping("/token")
    ResponseEntity<SessionResponse> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                              @RequestParam(name = "session", required = false) String session,
                                              @RequestBody AuthRequests.Token body, HttpServletRequest request,
                                              HttpServletResponse response) {
        if ("password".equals(grantType)) {
            SessionDelivery.Mode mode = delivery.requested(session, request);
            return delivery.deliver(mode, () -> signIn.signIn(body.email(), body.password(),
                    AuthRequests.captcha(body.gotrueMetaSecurity()), ClientIp.of(request), request.getHeader("User-Agent")),
                    request, response);
        }
        if ("refresh_token".equals(grantType)) {
            SessionDelivery.Mode mode = delivery.requested(session, request);
            String token = delivery.refreshToken(mode, body.refreshToken(), request);
            return delivery.deliver(mode, () -> refresh.refresh(token, response), request, response);
        }
        if ("pkce".equals(grantType)) {
            SessionDelivery.Mode mode = delivery.requested(session, request);
            return delivery.deliver(mode, () -> socialLogin.exchange(body.authCode(), body.codeVerifier(),
                    ClientIp.of(request), request.getHeader("User-Agent")), request, response);
        }
        throw AuthError.validation("unsupported_grant_type");
    }

    @GetMapping("/user")
    ResponseEntity<Map<String, Object>> user() {
        return noStore(users.get(CurrentUser.get()));
    }

    @PutMapping("/user")
    ResponseEntity<Map<String, Object>> updateUser(@RequestBody AuthRequests.UserUpdate body,
                                                   @RequestParam(name = "redirect_to", required = false) String redirectTo) {
        AuthenticatedUser caller = CurrentUser.get();
        if (body.appMetadata() != null) {
            throw new AuthError(HttpStatus.FORBIDDEN, ErrorCode.NOT_ADMIN, "User not allowed to update app_metadata");
        }
        boolean emailChange = body.email() != null && !body.email().equalsIgnoreCase(caller.email());
        if (emailChange) {
            // Checked before anything else in the request changes.
            lifecycle.checkEmailChange(caller, body.email());
        }
        // A password change needs a recent sign-in or a nonce (GET /reauthenticate): the service decides.
        Map<String, Object> user = users.update(caller, body.password(), body.data(), body.password() == null ? null : body.nonce());
        if (emailChange) {
            lifecycle.requestEmailChange(caller, body.email(), redirectTo);
        }
        return noStore(user);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestParam(name = "scope", required = false) String scope,
                                HttpServletRequest request, HttpServletResponse response) {
        LogoutService.Scope s;
        try {
            s = scope == null || scope.isEmpty() ? LogoutService.Scope.global : LogoutService.Scope.valueOf(scope);
        } catch (IllegalArgumentException e) {
            throw AuthError.validation("Unsupported logout scope, use one of global, local, others");
        }
        logout.logout(CurrentUser.get(), s);
        delivery.signedOut(request, response);
        return ResponseEntity.noContent().build();
    }

    /** GoTrue's {@code GET /reauthenticate}: a code for {@code PUT /user {password, nonce}}, sent to the user. */
    @GetMapping("/reauthenticate")
    ResponseEntity<Map<String, Object>> sendReauthenticationNonce() {
        nonces.issue(CurrentUser.get());
        return noStore(Map.of());
    }

    @PostMapping("/reauthenticate")
    ResponseEntity<SessionResponse> reauthenticate(@RequestBody AuthRequests.Reauthenticate body,
                                                       HttpServletRequest request, HttpServletResponse response) {
        AuthenticatedUser caller = CurrentUser.get();
        // A cookie-authenticated caller gets its fresh session as cookies: never tokens to its JavaScript.
        return delivery.deliver(delivery.sameAsCaller(request), () -> signIn.reauthenticate(caller.id(),
                caller.sessionId(), body.password(), AuthRequests.captcha(body.gotrueMetaSecurity()), ClientIp.of(request),
                request.getHeader("User-Agent")), request, response);
    }

    private static ResponseEntity<SessionResponse> session(IssuedSession s) {
        return noStore(s.toResponse());
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
