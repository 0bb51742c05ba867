package com.leadignite.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain loopback socket with the request line, headers and body given as bytes, so a
 * test can send what no well-behaved client would: invalid UTF-8, NUL and other raw bytes in a header
 * or body. {@code java.net.http} refuses to build such requests.
 */
public final class RawBytesHttp {

    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawBytesHttp() {
    }

    /**
     * Sends one request and reads the whole answer ({@code Connection: close}). {@code headers} are raw
     * header lines without CRLF; {@code Host}, {@code Content-Length} and {@code Connection} are added.
     */
    public static Response send(int port, String method, byte[] target, byte[][] headers, byte[] body) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(30_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(target);
            req.writeBytes((" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte[] h : headers) {
                req.writeBytes(h);
                req.writeBytes(new byte[] {'\r', '\n'});
            }
            if (body != null) {
                req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            req.writeBytes(new byte[] {'\r', '\n'});
            if (body != null) {
                req.writeBytes(body);
            }
            OutputStream out = s.getOutputStream();
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (IOException refusedEarly) {
                // The server may answer (413, 400) and close before reading everything: read that answer.
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try {
                in.transferTo(buf);
            } catch (IOException reset) {
                // a reset after the answer was sent: keep what arrived
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String[] lines = head.split("\r\n");
            if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ")) {
                throw new IllegalStateException("no HTTP answer: " + head);
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> hs = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    hs.putIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
                }
            }
            return new Response(status, hs, split < 0 ? "" : text.substring(split + 4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Concatenation of byte arrays and strings (strings as UTF-8). */
    public static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            b.writeBytes(p instanceof byte[] raw ? raw : String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
