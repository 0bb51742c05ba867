import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies an export of {@code GET /api/v1/audit-events/export} offline, with nothing but a JDK (17+):
 *
 * <pre>java tools/VerifyAuditExport.java audit.ndjson [--head HEX]</pre>
 *
 * (or the export on standard input with {@code -}). Every row's hash is recomputed the way the database
 * computes it ({@code public.audit_event_hash}: SHA-256 over the previous row's hash and the row's fields
 * joined by {@code |}), every row must link to the row before it and follow it in chain position, and
 * the closing line must state the number of rows and the last hash. An edited, deleted, inserted or
 * reordered line, or a cut-off file, fails. {@code --head} also checks the last hash against a chain head
 * obtained elsewhere (for an export up to now, the last hash a later export or the service reports).
 *
 * <p>Exit status: 0 verified, 1 broken (the first problem is printed with its line number), 2 unusable input.
 */
public class VerifyAuditExport {

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--head"))) {
            System.err.println("usage: java tools/VerifyAuditExport.java <export.ndjson | -> [--head HEX]");
            System.exit(2);
        }
        String expectedHead = args.length == 3 ? args[2].toLowerCase() : null;
        BufferedReader in = args[0].equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
        int status;
        try (in) {
            status = verify(in, expectedHead);
        }
        System.exit(status);
    }

    static int verify(BufferedReader in, String expectedHead) throws IOException {
        HexFormat hex = HexFormat.of();
        String previousHash = null;
        long previousPos = -1;
        long rows = 0;
        long firstPos = -1;
        boolean ended = false;
        int lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (ended) {
                return broken(lineNo, null, "a line after the closing line");
            }
            Map<String, Json.Value> o;
            try {
                o = new Json(line).object();
            } catch (IllegalArgumentException e) {
                return broken(lineNo, null, "not a JSON object: " + e.getMessage());
            }
            if (o.containsKey("end")) {
                ended = true;
                Object n = o.containsKey("rows") ? o.get("rows").value() : null;
                if (!(n instanceof String s) || !s.equals(Long.toString(rows))) {
                    return broken(lineNo, null, "the closing line says " + n + " rows, the file has " + rows);
                }
                Object last = o.containsKey("last_hash") ? o.get("last_hash").value() : null;
                if (last == null ? previousHash != null : !last.equals(previousHash)) {
                    return broken(lineNo, null, "the closing line's last_hash is not the last row's hash");
                }
                continue;
            }
            String id = text(o, "id");
            try {
                long pos = Long.parseLong(number(o, "chain_pos"));
                String prev = text(o, "prev_hash");
                String stored = text(o, "hash");
                if (stored == null) {
                    return broken(lineNo, id, "no hash");
                }
                if (rows == 0) {
                    firstPos = pos;
                    if (pos == 1 && prev != null) {
                        return broken(lineNo, id, "the first row of the chain links to a previous row");
                    }
                } else {
                    if (pos != previousPos + 1) {
                        return broken(lineNo, id, "chain position " + pos + " follows " + previousPos
                                + " (a row was removed, added or moved)");
                    }
                    if (prev == null || !prev.equals(previousHash)) {
                        return broken(lineNo, id, "prev_hash is not the hash of the line before (link_mismatch)");
                    }
                }
                String content = String.join("|",
                        orEmpty(id),
                        Long.toString(epochMillis(text(o, "occurred_at"))),
                        orEmpty(text(o, "org_id")),
                        orEmpty(text(o, "actor_id")),
                        orEmpty(text(o, "actor_ip")),
                        orEmpty(text(o, "request_id")),
                        orEmpty(text(o, "action")),
                        orEmpty(text(o, "entity_type")),
                        orEmpty(text(o, "entity_id")),
                        orEmpty(text(o, "outcome")),
                        raw(o, "details"));
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                if (prev != null) {
                    sha.update(hex.parseHex(prev));
                }
                String computed = hex.formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
                if (!computed.equals(stored)) {
                    return broken(lineNo, id, "the row's content does not match its hash (hash_mismatch)");
                }
                previousHash = stored;
                previousPos = pos;
                rows++;
            } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException | java.time.DateTimeException e) {
                return broken(lineNo, id, "unreadable row: " + e.getMessage());
            }
        }
        if (!ended) {
            return broken(lineNo, null, "no closing line: the file is cut off");
        }
        if (expectedHead != null && !expectedHead.equals(previousHash)) {
            return broken(lineNo, null, "the last hash is not the expected head " + expectedHead);
        }
        System.out.println("OK: " + rows + " rows" + (rows == 0 ? "" : ", chain positions " + firstPos + ".." + previousPos
                + ", last hash " + previousHash));
        return 0;
    }

    /** {@code (extract(epoch from occurred_at) * 1000)::bigint}: milliseconds, rounded half away from zero. */
    static long epochMillis(String occurredAt) {
        if (occurredAt == null) {
            throw new IllegalArgumentException("no occurred_at");
        }
        Instant t = Instant.parse(occurredAt);
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        long ms = Math.floorDiv(micros, 1000);
        long rest = Math.floorMod(micros, 1000);
        return rest >= 500 ? ms + 1 : ms;
    }

    private static int broken(int line, String id, String why) {
        System.out.println("BROKEN at line " + line + (id == null ? "" : " (id " + id + ")") + ": " + why);
        return 1;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String text(Map<String, Json.Value> o, String name) {
        Json.Value v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name);
        }
        if (v.value() == null) {
            return null;
        }
        if (!v.string()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return (String) v.value();
    }

    private static String number(Map<String, Json.Value> o, String name) {
        Json.Value v = o.get(name);
        if (v == null || v.string() || !(v.value() instanceof String s)) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        return s;
    }

    private static String raw(Map<String, Json.Value> o, String name) {
        Json.Value v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name);
        }
        return v.raw();
    }

    /**
     * Just enough JSON for one export line: a top-level object whose members keep their exact source text
     * ({@code details} is hashed as the service stored it, so it must not be re-serialized). Strings are
     * decoded; numbers, {@code true} and {@code false} are kept as their text; {@code null} is Java null.
     */
    static final class Json {

        record Value(Object value, boolean string, String raw) {
        }

        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Map<String, Value> object() {
            ws();
            expect('{');
            Map<String, Value> out = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                i++;
                return end(out);
            }
            while (true) {
                ws();
                String name = string();
                ws();
                expect(':');
                ws();
                int start = i;
                Object v = value(0);
                if (out.put(name, new Value(v, s.charAt(start) == '"', s.substring(start, i))) != null) {
                    throw new IllegalArgumentException("duplicate member " + name);
                }
                ws();
                char c = next();
                if (c == '}') {
                    return end(out);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (i - 1));
                }
            }
        }

        private Map<String, Value> end(Map<String, Value> out) {
            ws();
            if (i != s.length()) {
                throw new IllegalArgumentException("text after the object");
            }
            return out;
        }

        private Object value(int depth) {
            if (depth > 64) {
                throw new IllegalArgumentException("nested too deeply");
            }
            char c = peek();
            switch (c) {
                case '"':
                    return string();
                case '{':
                    i++;
                    ws();
                    if (peek() == '}') {
                        i++;
                        return "{}";
                    }
                    while (true) {
                        ws();
                        string();
                        ws();
                        expect(':');
                        ws();
                        value(depth + 1);
                        ws();
                        char d = next();
                        if (d == '}') {
                            return "{}";
                        }
                        if (d != ',') {
                            throw new IllegalArgumentException("expected , or } at " + (i - 1));
                        }
                    }
                case '[':
                    i++;
                    ws();
                    if (peek() == ']') {
                        i++;
                        return "[]";
                    }
                    while (true) {
                        ws();
                        value(depth + 1);
                        ws();
                        char d = next();
                        if (d == ']') {
                            return "[]";
                        }
                        if (d != ',') {
                            throw new IllegalArgumentException("expected , or ] at " + (i - 1));
                        }
                    }
                default:
                    int start = i;
                    while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    if (word.equals("null")) {
                        return null;
                    }
                    if (word.equals("true") || word.equals("false") || word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                        return word;
                    }
                    throw new IllegalArgumentException("unexpected value at " + start);
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("short \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
