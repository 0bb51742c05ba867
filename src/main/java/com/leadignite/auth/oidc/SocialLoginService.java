package com.leadignite.auth.oidc;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.redirect.RedirectAllowList;
import com.leadignite.auth.session.RefreshTokens;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.signup.InvitationRedemptionRepository;
import com.leadignite.auth.signup.InvitationRedemptionRepository.Invitation;
import com.leadignite.auth.signup.SignUpService;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.config.AppProperties;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Social login with an OIDC provider, in GoTrue's PKCE flow (API.md §2):
 * <ol>
 *   <li>{@link #authorize}: the browser app (auth-js) sends its S256 {@code code_challenge}; a single-use
 *       {@code state} is stored with its own {@code nonce}, its own PKCE verifier towards the provider, the
 *       client's challenge and the allow-listed {@code redirect_to}, bound to the browser by a random value
 *       the caller puts in a cookie; the browser goes to the provider.</li>
 *   <li>{@link #callback}: the state is taken (whatever happens next it is gone), must be unexpired and
 *       match the browser's cookie; the code is exchanged with the client secret and the verifier, the ID
 *       token verified ({@link IdTokenVerifier}), the account found, linked or created ({@link #decide}),
 *       and the browser sent to {@code redirect_to?code=<auth_code>}.</li>
 *   <li>{@link #exchange}: {@code POST /token?grant_type=pkce} trades that single-use, short-lived code and
 *       the verifier of the client's challenge for a session whose {@code amr} is {@code oauth}.</li>
 * </ol>
 * No database connection is held while a provider is called: the state is taken in one transaction, the
 * provider called, and the account work done in a second one.
 */
@Service
public class SocialLoginService {

    /** What the browser keeps between authorize and callback: only the callback path receives it. */
    public static final String COOKIE = "__Secure-li-oidc-flow";
    public static final String CALLBACK_PATH = "/auth/v1/callback";

    private static final Pattern B64URL_43 = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern PROVIDER_CODE = Pattern.compile("[\\x21-\\x7e]{1,2048}");
    /** The OAuth 2.0 error values a provider may send back (RFC 6749 §4.1.2.1); anything else is {@code server_error}. */
    private static final Set<String> PROVIDER_ERRORS = Set.of("access_denied", "invalid_request", "unauthorized_client",
            "unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable", "login_required",
            "consent_required", "interaction_required");

    private final OidcProviders providers;
    private final ProviderHttp http;
    private final IdTokenVerifier idTokens;
    private final SocialLoginRepository flows;
    private final AccountRepository users;
    private final InvitationRedemptionRepository invitations;
    private final SignUpService signUps;
    private final SessionIssuer sessions;
    private final RedirectAllowList redirects;
    private final SocialLoginProperties settings;
    private final AppProperties app;
    private final Database db;
    private final AuditWriter audit;
    private final Clock clock;

    public SocialLoginService(OidcProviders providers, ProviderHttp http, IdTokenVerifier idTokens, SocialLoginRepository flows,
                       AccountRepository users, InvitationRedemptionRepository invitations, SignUpService signUps,
                       SessionIssuer sessions,
                       RedirectAllowList redirects, SocialLoginProperties settings, AppProperties app, Database db,
                       AuditWriter audit, Clock clock) {
        this.providers = providers;
        this.http = http;
        this.idTokens = idTokens;
        this.flows = flows;
        this.users = users;
        this.invitations = invitations;
        this.signUps = signUps;
        this.sessions = sessions;
        this.redirects = redirects;
        this.settings = settings;
        this.app = app;
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where to send the browser, and the value of its {@link #COOKIE} (null when nothing was started). */
    public record Started(String location, String browserBinding) {
        @Override
        public String toString() {
            return "Started[***]";
        }
    }

    public String redirectUri() {
        return app.publicBaseUrl() + CALLBACK_PATH;
    }

    /** The configured providers' names, sorted: all a sign-in page needs to offer them (nothing of their settings). */
    public List<String> providerNames() {
        return providers.names().stream().sorted().toList();
    }

    public Started authorize(String provider, String redirectTo, String codeChallenge, String codeChallengeMethod) {
        String name = provider == null ? null : provider.toLowerCase(Locale.ROOT);
        if (!providers.known(name)) {
            throw AuthError.validation("Unsupported provider: provider is not enabled");
        }
        if (codeChallenge == null || codeChallenge.isEmpty() || codeChallengeMethod == null || codeChallengeMethod.isEmpty()) {
            throw AuthError.validation("PKCE is required: send code_challenge and code_challenge_method=s256");
        }
        // auth-js sends "s256"; "plain" would hand the verifier to whoever sees the URL.
        if (!"s256".equalsIgnoreCase(codeChallengeMethod)) {
            throw AuthError.validation("code_challenge_method must be s256");
        }
        if (!B64URL_43.matcher(codeChallenge).matches()) {
            throw AuthError.validation("code_challenge must be the base64url SHA-256 of the code verifier (43 characters)");
        }
        String target = redirects.resolve(redirectTo);
        OidcProviders.Discovered p;
        try {
            p = providers.get(name).orElseThrow();
        } catch (OidcFailure e) {
            failed(null, null, name, e.reason());
            return new Started(errorRedirect(target, "server_error", ErrorCode.UNEXPECTED_FAILURE,
                    "The sign-in provider is not available; try again later"), null);
        }
        String state = RefreshTokens.generate();
        String nonce = RefreshTokens.generate();
        String verifier = RefreshTokens.generate();
        String browser = RefreshTokens.generate();
        Instant expires = clock.instant().plus(settings.stateTtl());
        db.as(DbClaims.AUTH).run(() -> flows.insertState(RefreshTokens.sha256(state), new SocialLoginRepository.FlowState(
                RefreshTokens.sha256(browser), name, nonce, verifier, codeChallenge, target, expires)));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", p.config().clientId());
        q.put("redirect_uri", redirectUri());
        q.put("scope", String.join(" ", p.config().scopeList()));
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", s256(verifier));
        q.put("code_challenge_method", "S256");
        return new Started(withQuery(p.authorizationEndpoint().toString(), q), browser);
    }

    /**
     * Finishes the provider's leg. Returns where to send the browser (the app with a code, or with an error);
     * throws {@code bad_oauth_state} when there is no sign-in of this browser to finish, so no safe target.
     */
    public String callback(String code, String state, String providerError, String browserBinding) {
        if (state == null || !B64URL_43.matcher(state).matches()) {
            failed(null, null, null, "malformed_state");
            throw badState();
        }
        Optional<SocialLoginRepository.FlowState> taken = db.as(DbClaims.AUTH).write(
                () -> flows.takeState(RefreshTokens.sha256(state)));
        if (taken.isEmpty()) {
            failed(null, null, null, "unknown_state");
            throw badState();
        }
        SocialLoginRepository.FlowState flow = taken.get();
        // Another browser (no cookie, or another sign-in's) must not finish this one: that is login CSRF.
        if (browserBinding == null || !RefreshTokens.wellFormed(browserBinding)
                || !MessageDigest.isEqual(flow.browserHash(), RefreshTokens.sha256(browserBinding))) {
            failed(null, null, flow.provider(), "browser_mismatch");
            throw badState();
        }
        String target = flow.redirectTo();
        if (!flow.expiresAt().isAfter(clock.instant())) {
            failed(null, null, flow.provider(), "expired_state");
            return errorRedirect(target, "invalid_request", ErrorCode.FLOW_STATE_EXPIRED, "The sign-in took too long; start again");
        }
        if (providerError != null) {
            failed(null, null, flow.provider(), "provider_error");
            String error = PROVIDER_ERRORS.contains(providerError) ? providerError : "server_error";
            return errorRedirect(target, error, ErrorCode.BAD_OAUTH_CALLBACK, "The sign-in provider did not sign you in");
        }
        if (code == null || !PROVIDER_CODE.matcher(code).matches()) {
            failed(null, null, flow.provider(), "malformed_code");
            return errorRedirect(target, "invalid_request", ErrorCode.BAD_OAUTH_CALLBACK, "The sign-in provider sent no usable code");
        }
        IdTokenVerifier.Identity identity;
        try {
            OidcProviders.Discovered p = providers.get(flow.provider()).orElseThrow(() -> new OidcFailure("provider_removed"));
            identity = idTokens.verify(p, exchangeCode(p, code, flow.providerVerifier()), flow.nonce());
        } catch (OidcFailure e) {
            failed(null, null, flow.provider(), e.reason());
            return errorRedirect(target, "server_error", ErrorCode.BAD_OAUTH_CALLBACK,
                    "The sign-in could not be verified; start again");
        }
        Decision decision;
        try {
            decision = db.as(DbClaims.AUTH).write(() -> finish(flow, identity));
        } catch (DuplicateKeyException e) {
            // Two callbacks for one new account raced; the other one made it.
            decision = new Refused("concurrent_sign_up", ErrorCode.CONFLICT, "Sign-in is already in progress; try again");
        }
        if (decision instanceof Refused r) {
            failed(null, null, flow.provider(), r.reason());
            return errorRedirect(target, "access_denied", r.code(), r.message());
        }
        return withQuery(target, Map.of("code", ((Finished) decision).authCode()));
    }

    /** {@code POST /token?grant_type=pkce}. Every presented code is used up, whether it works or not. */
    public IssuedSession exchange(String authCode, String codeVerifier, String ip, String userAgent) {
        if (authCode == null || authCode.isEmpty() || codeVerifier == null || codeVerifier.isEmpty()) {
            throw AuthError.validation("invalid request: both auth code and code verifier should be non-empty");
        }
        if (!VERIFIER.matcher(codeVerifier).matches()) {
            throw AuthError.validation("code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-]");
        }
        if (!RefreshTokens.wellFormed(authCode)) {
            throw flowStateNotFound();
        }
        Exchange outcome = db.as(DbClaims.AUTH).write(() -> {
            Optional<SocialLoginRepository.AuthCode> taken = flows.takeCode(RefreshTokens.sha256(authCode));
            if (taken.isEmpty()) {
                return new Exchange(null, flowStateNotFound(), null, null);
            }
            SocialLoginRepository.AuthCode c = taken.get();
            Optional<UserRecord> user = users.findById(c.userId());
            UUID org = user.map(UserRecord::orgId).orElse(null);
            if (!c.expiresAt().isAfter(clock.instant())) {
                return new Exchange(null, new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.FLOW_STATE_EXPIRED,
                        "invalid flow state, flow state has expired"), c, org);
            }
            if (!MessageDigest.isEqual(s256(codeVerifier).getBytes(StandardCharsets.US_ASCII),
                    c.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
                return new Exchange(null, new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_CODE_VERIFIER,
                        "code challenge does not match previously saved code verifier"), c, org);
            }
            if (user.isEmpty() || user.get().lockedAt() != null) {
                return new Exchange(null, flowStateNotFound(), c, org);
            }
            IssuedSession s = sessions.start(user.get(), SessionIssuer.AuthMethod.oauth, ip, userAgent);
            audit.record(AuditEvent.success(org, user.get().id(), "sign_in", "session", s.sessionId(),
                    Map.of("method", "oauth", "provider", c.provider())));
            return new Exchange(s, null, c, org);
        });
        if (outcome.error() != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", outcome.error().code());
            if (outcome.code() != null) {
                details.put("provider", outcome.code().provider());
            }
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, outcome.orgId(),
                    outcome.code() == null ? null : outcome.code().userId(), "social_code_exchange", "user",
                    outcome.code() == null ? null : outcome.code().userId(), details));
            throw outcome.error();
        }
        return outcome.session();
    }

    private record Exchange(IssuedSession session, AuthError error, SocialLoginRepository.AuthCode code, UUID orgId) {
    }

    /** What a verified identity leads to. */
    private sealed interface Decision permits Finished, Refused {
    }

    private record Finished(String authCode) implements Decision {
        @Override
        public String toString() {
            return "Finished[***]";
        }
    }

    private record Refused(String reason, ErrorCode code, String message) implements Decision {
    }

    private Decision finish(SocialLoginRepository.FlowState flow, IdTokenVerifier.Identity id) {
        String provider = flow.provider();
        Map<String, Object> identityData = identityData(provider, id);
        Linked linked = decide(provider, id, identityData);
        if (linked.refused() != null) {
            return linked.refused();
        }
        String code = RefreshTokens.generate();
        flows.insertCode(RefreshTokens.sha256(code), new SocialLoginRepository.AuthCode(linked.user().id(), provider,
                flow.codeChallenge(), clock.instant().plus(settings.authCodeTtl())));
        return new Finished(code);
    }

    private record Linked(UserRecord user, Refused refused) {
    }

    /**
     * The linking rules of API.md §2, all in one place: a known {@code (provider, sub)} signs in; otherwise an
     * account with the same address is linked only when the provider vouches for the address
     * ({@code email_verified: true}) and the account has proven it too ({@link AccountRepository#addressProven}),
     * and an unconfirmed one is set aside when the provider vouches for the address; otherwise, when no
     * account has the address, a new user joins the org of a pending invitation for it
     * (only with the provider vouching for the address) or becomes admin of a new org, as sign-up does.
     * Audits what it did.
     */
    private Linked decide(String provider, IdTokenVerifier.Identity id, Map<String, Object> identityData) {
        Optional<UserRecord> known = users.findByIdentity(provider, id.subject());
        if (known.isPresent()) {
            UserRecord u = known.get();
            if (u.lockedAt() != null) {
                return refused("account_locked", ErrorCode.USER_BANNED, "This account is locked");
            }
            users.recordSocialSignIn(u.id(), provider, id.subject(), identityData);
            audit.record(AuditEvent.success(u.orgId(), u.id(), "social_sign_in", "user", u.id(), Map.of("provider", provider)));
            return new Linked(u, null);
        }
        String email = email(id.email());
        if (email == null) {
            return refused("no_email", ErrorCode.VALIDATION_FAILED, "The sign-in provider shared no usable email address");
        }
        Optional<UserRecord> local = users.findByEmail(email);
        if (local.isPresent()) {
            UserRecord u = local.get();
            boolean proven = users.addressProven(u.id());
            if (!id.emailVerified()) {
                return refused("provider_address_unverified", ErrorCode.EMAIL_EXISTS,
                        "An account with this email address exists; sign in to it with its password");
            }
            if (proven) {
                if (u.lockedAt() != null) {
                    return refused("account_locked", ErrorCode.USER_BANNED, "This account is locked");
                }
                users.linkIdentity(u.id(), provider, id.subject(), identityData);
                users.recordSignIn(u.id());
                audit.record(AuditEvent.success(u.orgId(), u.id(), "social_link", "user", u.id(), Map.of("provider", provider)));
                return new Linked(users.findById(u.id()).orElseThrow(), null);
            }
            // An unconfirmed account never reserves its address (API.md §2): the provider proved it here.
            users.setAside(u.id());
            audit.record(AuditEvent.success(u.orgId(), null, "account_replaced", "user", u.id(),
                    Map.of("reason", "address_proven_by_social_login", "provider", provider)));
        }
        Invitation invitation = id.emailVerified() ? invitations.lockPendingFor(email).orElse(null) : null;
        if (invitation != null && !invitations.inviterIsActiveAdmin(invitation.createdBy(), invitation.orgId())) {
            return refused("invite_revoked", ErrorCode.INVITE_REVOKED,
                    "This invitation was revoked; ask an admin of the organization for a new one");
        }
        UUID orgId = invitation != null ? invitation.orgId() : users.createOrg(email);
        String role = invitation != null ? invitation.role() : "admin";
        UUID userId = users.insertSocial(orgId, email, role, provider, id.subject(), identityData);
        if (id.emailVerified()) {
            users.confirmEmail(userId);
        }
        Map<String, Object> details = signUps.joined(invitation, orgId, userId, role);
        details.put("provider", provider);
        audit.record(AuditEvent.success(orgId, userId, "social_sign_up", "user", userId, details));
        return new Linked(users.findById(userId).orElseThrow(), null);
    }

    private static Linked refused(String reason, ErrorCode code, String message) {
        return new Linked(null, new Refused(reason, code, message));
    }

    private static String email(String raw) {
        try {
            return raw == null ? null : com.leadignite.auth.user.Emails.require(raw);
        } catch (AuthError e) {
            return null;
        }
    }

    /** The identity row's data: the claims GoTrue keeps, bounded, never a token. */
    private static Map<String, Object> identityData(String provider, IdTokenVerifier.Identity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", id.subject());
        m.put("iss", id.claims().getIssuer());
        m.put("provider_id", id.subject());
        m.put("email", id.email() == null || id.email().length() > 254 ? null : id.email());
        m.put("email_verified", id.emailVerified());
        m.put("phone_verified", false);
        for (String claim : new String[] {"name", "picture"}) {
            Object v = id.claims().getClaim(claim);
            if (v instanceof String s && s.length() <= 512 && com.leadignite.auth.api.StorableText.isStorable(s)) {
                m.put(claim, s);
            }
        }
        return m;
    }

    private String exchangeCode(OidcProviders.Discovered p, String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri());
        form.put("code_verifier", verifier);
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.secretInBody()) {
            form.put("client_id", p.config().clientId());
            form.put("client_secret", p.config().clientSecret());
        } else {
            // RFC 6749 §2.3.1: both form-encoded before they are joined.
            String basic = ProviderHttp.enc(p.config().clientId()) + ":" + ProviderHttp.enc(p.config().clientSecret());
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode answer = http.postForm(p.tokenEndpoint(), form, headers);
        JsonNode idToken = answer.get("id_token");
        if (idToken == null || !idToken.isString()) {
            throw new OidcFailure("no_id_token");
        }
        return idToken.asString();
    }

    private void failed(UUID orgId, UUID userId, String provider, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        if (provider != null) {
            details.put("provider", provider);
        }
        audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, orgId, userId, "social_sign_in_failed",
                "user", userId, details));
    }

    private static AuthError badState() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_OAUTH_STATE, "OAuth state parameter missing or invalid");
    }

    private static AuthError flowStateNotFound() {
        return new AuthError(HttpStatus.NOT_FOUND, ErrorCode.FLOW_STATE_NOT_FOUND, "invalid flow state, no valid flow state found");
    }

    /** GoTrue's error redirect: {@code error}, {@code error_code} and {@code error_description} on the target. */
    static String errorRedirect(String target, String error, ErrorCode code, String description) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("error", error);
        q.put("error_code", code.code());
        q.put("error_description", description);
        return withQuery(target, q);
    }

    /** {@code url} with {@code params} added to its query (before any fragment). */
    static String withQuery(String url, Map<String, String> params) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        StringBuilder b = new StringBuilder(base);
        char sep = URI.create(base).getRawQuery() == null ? '?' : '&';
        if (base.endsWith("?") || base.endsWith("&")) {
            sep = 0;
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sep != 0) {
                b.append(sep);
            }
            b.append(ProviderHttp.enc(e.getKey())).append('=').append(ProviderHttp.enc(e.getValue()).replace("+", "%20"));
            sep = '&';
        }
        return b.append(fragment).toString();
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
