package com.leadignite.security.ratelimit;

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
 * A minimal HTTP/1.1 client that can choose its source address on loopback (127.0.0.2, ...), to play
 * a trusted proxy or an untrusted peer. Loopback only.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static Response post(String sourceIp, int port, String path, String... headers) {
        return postBody(sourceIp, port, path, "{}", headers);
    }

    static Response postBody(String sourceIp, int port, String path, String body, String... headers) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(sourceIp, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            StringBuilder req = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Content-Type: application/json\r\nContent-Length: ").append(content.length)
                    .append("\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String text = buf.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String answer = split < 0 ? "" : text.substring(split + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> hs = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    hs.putIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
                }
            }
            return new Response(status, hs, answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
