package com.leadignite.security.clientip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network. Parses literals only: never resolves a host name. */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** The network, or null when {@code text} is not an address or CIDR literal. */
    public static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return null;
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Address bytes of an IP literal (IPv4-mapped IPv6 becomes IPv4), or null if it is not one. */
    public static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (V4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!V6.matcher(s).matches()) {
            return null; // anything else could be a host name: never look it up
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    public boolean contains(byte[] addr) {
        if (addr == null || addr.length != network.length) {
            return false;
        }
        byte[] masked = mask(addr, prefix);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] in, int prefix) {
        byte[] out = in.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }
}
