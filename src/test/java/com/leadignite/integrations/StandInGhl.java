package com.leadignite.integrations;

import com.leadignite.integrations.oauth.Pkce;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in HighLevel authorization server on {@link StandInProviders}: it issues codes bound to a PKCE
 * challenge and redirect URI, checks the client secret and the verifier at the token endpoint, rotates
 * refresh tokens (each single use) and accepts revocations. Access tokens it issued are valid until
 * revoked by a refresh.
 */
public final class StandInGhl {

    public static final String LOCATION = "loc_Standin01";

    private final StandInProviders standIn;
    private final Map<String, String[]> codes = new ConcurrentHashMap<>(); // code -> {challenge, redirect}
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    public final Map<String, Boolean> accessTokens = new ConcurrentHashMap<>();
    public final AtomicInteger refreshes = new AtomicInteger();
    /** Lifetime of issued access tokens (a short one makes the service refresh before use). */
    public volatile long expiresIn = 86399;
    public volatile String scope = "contacts.readonly";
    /** When set, a refresh waits for it before answering (a slow HighLevel, to make two refreshes overlap). */
    public volatile CountDownLatch refreshGate;

    public StandInGhl(StandInProviders standIn) {
        this.standIn = standIn;
        standIn.on("POST /ghl/oauth/token", (r, ex) -> {
            Map<String, String> f = r.form();
            if (!StandInProviders.Registrar.CLIENT_ID.equals(f.get("client_id"))
                    || !StandInProviders.Registrar.CLIENT_SECRET.equals(f.get("client_secret"))) {
                StandInProviders.send(ex, 401, "{\"error\":\"invalid_client\"}", Map.of());
                return;
            }
            if ("authorization_code".equals(f.get("grant_type"))) {
                String[] issued = codes.remove(String.valueOf(f.get("code")));
                if (issued == null || f.get("code_verifier") == null
                        || !issued[0].equals(Pkce.challenge(f.get("code_verifier"))) || !issued[1].equals(f.get("redirect_uri"))) {
                    StandInProviders.send(ex, 400, "{\"error\":\"invalid_grant\"}", Map.of());
                    return;
                }
            } else if ("refresh_token".equals(f.get("grant_type"))) {
                CountDownLatch gate = refreshGate;
                if (gate != null) {
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (refreshTokens.remove(String.valueOf(f.get("refresh_token"))) == null) {
                    StandInProviders.send(ex, 400, "{\"error\":\"invalid_grant\"}", Map.of());
                    return;
                }
                refreshes.incrementAndGet();
                accessTokens.clear();
            } else {
                StandInProviders.send(ex, 400, "{\"error\":\"unsupported_grant_type\"}", Map.of());
                return;
            }
            String access = "ghl-at-" + UUID.randomUUID();
            String refresh = "ghl-rt-" + UUID.randomUUID();
            accessTokens.put(access, true);
            refreshTokens.put(refresh, true);
            StandInProviders.send(ex, 200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + expiresIn + ",\"refresh_token\":\"" + refresh + "\",\"scope\":\"" + scope
                    + "\",\"userType\":\"Location\",\"locationId\":\"" + LOCATION + "\",\"companyId\":\"cmp_1\"}", Map.of());
        });
        standIn.on("POST /ghl/oauth/revoke", (r, ex) -> {
            refreshTokens.remove(String.valueOf(r.form().get("token")));
            StandInProviders.send(ex, 200, "", Map.of());
        });
    }

    /** What HighLevel does when the admin approves: a code for that request's challenge and redirect URI. */
    public String approve(URI authorizationUrl) {
        Map<String, String> q = StandInProviders.parse(authorizationUrl.getRawQuery());
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new String[] {q.get("code_challenge"), q.get("redirect_uri")});
        return code;
    }

    /** A code issued for some other authorization request (an attacker's), with its own challenge. */
    public String codeForAnotherChallenge(String redirectUri) {
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new String[] {Pkce.challenge(Pkce.random()), redirectUri});
        return code;
    }

    public boolean validAccessToken(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                && accessTokens.containsKey(authorization.substring(7));
    }

    public StandInProviders standIn() {
        return standIn;
    }
}
