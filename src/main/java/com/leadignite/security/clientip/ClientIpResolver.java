package com.leadignite.security.clientip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Decides the client address of a request: the socket peer, unless the peer is a trusted proxy; then
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. Entries are
 * read right to left, so whatever a client prepends is never reached while a trusted hop stands
 * behind it. A malformed entry stops the walk: the last good hop is used instead.
 */
@Component
public class ClientIpResolver {

    private final List<Cidr> trusted;

    public ClientIpResolver(ClientIpProperties props) {
        this.trusted = props.trustedProxies().stream().map(Cidr::parse).toList();
    }

    public boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] bytes = Cidr.literal(address);
        return bytes != null && trusted.stream().anyMatch(c -> c.contains(bytes));
    }

    /** The client address for a peer and its (possibly several) X-Forwarded-For header values. */
    public String resolve(String peer, Enumeration<String> forwardedFor) {
        String current = normalize(peer);
        if (current == null) {
            return peer;
        }
        if (!isTrusted(current) || forwardedFor == null) {
            return current;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedFor)) {
            for (String part : header.split(",", 64)) {
                hops.add(part.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = normalize(stripPort(hops.get(i)));
            if (hop == null) {
                return current; // garbage (or "unknown"): trust nothing further left
            }
            current = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return current;
    }

    /**
     * The key per-address limits count under: the address itself for IPv4, its /64 network for IPv6
     * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
     * rotate through billions of them).
     */
    public static String limitKey(String clientIp) {
        byte[] bytes = Cidr.literal(clientIp);
        if (bytes == null || bytes.length == 4) {
            return clientIp;
        }
        java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return compress(InetAddress.getByAddress(bytes).getHostAddress()) + "/64";
        } catch (UnknownHostException e) {
            return clientIp;
        }
    }

    /** The canonical text form of an IP literal, or null if it is not one. */
    static String normalize(String literal) {
        byte[] bytes = Cidr.literal(literal);
        if (bytes == null) {
            return null;
        }
        try {
            String s = InetAddress.getByAddress(bytes).getHostAddress();
            return s.contains(":") ? compress(s) : s;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 1.2.3.4:5678} → {@code 1.2.3.4}; {@code [::1]:80} → {@code ::1}; anything else unchanged. */
    static String stripPort(String s) {
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end > 0 ? s.substring(1, end) : s;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':') && s.indexOf('.') > 0) {
            return s.substring(0, colon);
        }
        return s;
    }

    /** RFC 5952-style zero compression, so one address always gives one rate-limit key. */
    private static String compress(String full) {
        String[] groups = full.split(":");
        StringBuilder sb = new StringBuilder();
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(groups[i]);
            if (i < groups.length - 1) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
