package com.leadignite.security;

import com.leadignite.config.AppProperties;
import com.leadignite.config.CorsProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;
import com.leadignite.web.path.RequestPaths;

/**
 * The browser session of API.md §7: which cookies carry it, how they are written and cleared, and the
 * facts the pipeline decides on (is this request authenticated by the cookie, may cookies be set over
 * this connection, does the {@code Origin} belong to us). Tokens travel only in {@code HttpOnly} cookies;
 * the readable {@value #XSRF} cookie is the CSRF token JavaScript echoes in {@value #XSRF_HEADER}.
 */
@Component
public class SessionCookies {

    /** The access token: sent to every path of this host only ({@code __Host-}: Secure, Path=/, no Domain). */
    public static final String ACCESS = "__Host-li-access";
    /** The refresh token: sent only to {@code /auth/v1} ({@code __Secure-}: Secure; {@code __Host-} cannot carry a path). */
    public static final String REFRESH = "__Secure-li-refresh";
    public static final String REFRESH_PATH = "/auth/v1";
    public static final String XSRF = "XSRF-TOKEN";
    public static final String XSRF_HEADER = "X-XSRF-TOKEN";
    /** {@code ?session=cookie} asks a grant for a cookie session instead of tokens in the body. */
    public static final String SESSION_PARAMETER = "session";
    public static final String SESSION_COOKIE = "cookie";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final CookieCsrfTokenRepository csrfTokens;
    private final Set<String> trustedOrigins;
    private final boolean production;

    public SessionCookies(AppProperties app, CorsProperties cors, Environment env) {
        this.production = env.matchesProfiles("prod");
        java.util.Set<String> origins = new java.util.HashSet<>(cors.allowedOrigins());
        origins.remove("*");
        origins.add(originOf(app.publicBaseUrl()));
        this.trustedOrigins = Set.copyOf(origins);
        // Reads XSRF-TOKEN and makes new tokens; the cookie itself is written here (write, clear).
        this.csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
    }

    /**
     * The CSRF token store the security chain checks against: the {@value #XSRF} cookie, read only. Only a
     * cookie grant and sign-out write that cookie ({@link #write}, {@link #clear}); the chain itself never
     * does, so no response of a bearer client carries a cookie, and Spring's per-authentication token
     * renewal (meant for form logins) cannot pull the token from under a page between two of its requests.
     */
    CsrfTokenRepository csrfTokens() {
        return new ReadOnlyTokens(csrfTokens);
    }

    private record ReadOnlyTokens(CsrfTokenRepository cookies) implements CsrfTokenRepository {
        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return cookies.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            // written only by SessionCookies#write and #clear
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return cookies.loadToken(request);
        }
    }

    /** The client asked for a cookie session ({@code ?session=cookie} in the query string). */
    public static boolean cookieSessionRequested(HttpServletRequest request) {
        return SESSION_COOKIE.equals(queryParameter(request, SESSION_PARAMETER));
    }

    /**
     * Whether the access cookie authenticates this request: only when no {@code Authorization} header is
     * present. A request with one is a bearer request and nothing else, whatever cookies it carries.
     */
    public static boolean authenticatedByCookie(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null && value(request, ACCESS).isPresent();
    }

    /** The refresh grant of a cookie session: its token comes from the refresh cookie. */
    public static boolean isCookieRefresh(HttpServletRequest request) {
        return HttpMethod.POST.matches(request.getMethod()) && "/auth/v1/token".equals(RequestPaths.of(request))
                && "refresh_token".equals(queryParameter(request, "grant_type")) && cookieSessionRequested(request);
    }

    public static boolean unsafeMethod(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod());
    }

    public static Optional<String> value(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * {@code Secure} cookies need https: a secure request (directly, or {@code X-Forwarded-Proto: https} from
     * a trusted proxy, decided by the clientip filter). Outside {@code prod}, plain http to a loopback host
     * from a loopback client is allowed too, since browsers treat {@code http://localhost} and
     * {@code http://127.0.0.1} as secure contexts and keep Secure cookies there (development, tests).
     */
    public boolean transportAllowed(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        return !production && LOOPBACK_HOSTS.contains(request.getServerName().toLowerCase(Locale.ROOT))
                && loopback(request.getRemoteAddr());
    }

    /**
     * Login CSRF guard for the cookie grants: a browser's {@code Origin} must be this service's own (the
     * request's, or {@code PUBLIC_BASE_URL}'s) or one of {@code CORS_ALLOWED_ORIGINS}. Absent (a non-browser
     * client) it is allowed; {@code null} (a sandboxed or redirected context) is not.
     */
    public boolean originAllowed(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return trustedOrigins.contains(o) || o.equals(ownOrigin(request));
    }

    /** Sets the session cookies and a fresh CSRF token (a new session never keeps an older token). */
    public void write(HttpServletRequest request, HttpServletResponse response, String accessToken, Duration accessTtl,
                      String refreshToken, Duration refreshTtl) {
        add(response, ACCESS, accessToken, "/", "Lax", true, accessTtl);
        add(response, REFRESH, refreshToken, REFRESH_PATH, "Strict", true, refreshTtl);
        // As long as the refresh cookie: a cookie refresh needs the token too.
        add(response, XSRF, csrfTokens.generateToken(request).getToken(), "/", "Lax", false, refreshTtl);
    }

    /** Expires all three cookies (Max-Age=0) with the attributes they were set with, so the browser drops them. */
    public void clear(HttpServletResponse response) {
        add(response, ACCESS, "", "/", "Lax", true, Duration.ZERO);
        add(response, REFRESH, "", REFRESH_PATH, "Strict", true, Duration.ZERO);
        add(response, XSRF, "", "/", "Lax", false, Duration.ZERO);
    }

    /** Every cookie of a browser session is Secure: it is only ever sent back over the connection it came on. */
    private static void add(HttpServletResponse response, String name, String value, String path, String sameSite,
                            boolean httpOnly, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value).path(path).sameSite(sameSite)
                .secure(true).httpOnly(httpOnly).maxAge(maxAge);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    static String originOf(String url) {
        URI u = URI.create(url);
        int port = u.getPort();
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static boolean loopback(String address) {
        byte[] bytes = com.leadignite.security.clientip.Cidr.literal(address);
        try {
            return bytes != null && InetAddress.getByAddress(bytes).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * A query-string parameter only: a form body is never read here (this runs in filters, before the
     * body limits), and the cookie grants are JSON requests whose options are in the URL.
     */
    public static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(decode(key))) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
