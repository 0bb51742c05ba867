package com.leadignite.auth.session;

import com.leadignite.auth.token.AccessTokenIssuer;
import com.leadignite.auth.user.UserJson;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.auth.user.AccountRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts sessions and mints the token pair of a session. Runs inside the caller's auth transaction, so
 * the session, its first refresh token and the audit row of the event commit together.
 */
@Component
public class SessionIssuer {

    private final SessionRepository sessions;
    private final AccountRepository users;
    private final AccessTokenIssuer accessTokens;
    private final Clock clock;

    public SessionIssuer(SessionRepository sessions, AccountRepository users, AccessTokenIssuer accessTokens, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    /** What a client gets back; {@link #toJson()} is GoTrue's session object. Never logged. */
    public record IssuedSession(UUID sessionId, String accessToken, long expiresIn, Instant expiresAt,
                                String refreshToken, Map<String, Object> user) {

        public SessionResponse toResponse() {
            return new SessionResponse(accessToken, "bearer", expiresIn, expiresAt.getEpochSecond(), refreshToken, user);
        }

        @Override
        public String toString() {
            return "IssuedSession[" + sessionId + "]";
        }
    }

    /** How a session was authenticated: its {@code amr} method, as GoTrue names it. */
    public enum AuthMethod {
        /** A password sign-in (sign-up, sign-in, reauthenticate). */
        password,
        /** A mailed link or code (recovery, confirmation, email change). */
        otp,
        /** A social sign-in through an OIDC provider (API.md §2, {@code grant_type=pkce}). */
        oauth
    }

    /** A new session for a user who just proved their password. */
    public IssuedSession start(UserRecord user, String ip, String userAgent) {
        return start(user, AuthMethod.password, ip, userAgent);
    }

    /** A new session for a user who just authenticated with {@code method}. */
    public IssuedSession start(UserRecord user, AuthMethod method, String ip, String userAgent) {
        Instant authAt = clock.instant();
        UUID sessionId = sessions.create(user.id(), method, authAt, ip, userAgent);
        return tokens(user, sessionId, method, authAt, null);
    }

    /** A new token pair for an existing {@code aal1} session; the refresh token becomes a child of {@code parentTokenId}. */
    public IssuedSession tokens(UserRecord user, UUID sessionId, Instant passwordAuthAt, Long parentTokenId) {
        return tokens(user, sessionId, AuthMethod.password, passwordAuthAt, null, parentTokenId);
    }

    /** As {@link #tokens(UserRecord, UUID, Instant, Long)}, for a session authenticated with {@code method}. */
    public IssuedSession tokens(UserRecord user, UUID sessionId, AuthMethod method, Instant authAt, Long parentTokenId) {
        return tokens(user, sessionId, method, authAt, null, parentTokenId);
    }

    /**
     * A new token pair for an existing session. {@code mfaAuthAt}, when the session has proved a second
     * factor, makes the token {@code aal2} with a {@code totp} amr entry besides the first factor's.
     */
    public IssuedSession tokens(UserRecord user, UUID sessionId, AuthMethod method, Instant authAt, Instant mfaAuthAt,
                                Long parentTokenId) {
        String refresh = RefreshTokens.generate();
        sessions.addRefreshToken(sessionId, RefreshTokens.sha256(refresh), parentTokenId);
        List<AccessTokenIssuer.AmrEntry> amr = new ArrayList<>();
        // Newest first, as GoTrue orders them.
        if (mfaAuthAt != null) {
            amr.add(new AccessTokenIssuer.AmrEntry("totp", mfaAuthAt.getEpochSecond()));
        }
        if (authAt != null) {
            amr.add(new AccessTokenIssuer.AmrEntry(method.name(), authAt.getEpochSecond()));
        }
        AccessTokenIssuer.Issued access = accessTokens.issue(new AccessTokenIssuer.Subject(user.id(), user.orgId(),
                user.role(), user.email(), user.provider(), user.userMetadata(), sessionId, List.copyOf(amr),
                mfaAuthAt == null ? AccessTokenIssuer.AAL1 : AccessTokenIssuer.AAL2));
        long expiresIn = Math.max(0, access.expiresAt().getEpochSecond() - clock.instant().getEpochSecond());
        return new IssuedSession(sessionId, access.token(), expiresIn, access.expiresAt(), refresh,
                UserJson.user(user, users.identities(user.id()), users.factors(user.id())));
    }
}
