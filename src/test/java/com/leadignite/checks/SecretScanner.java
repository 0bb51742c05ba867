package com.leadignite.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small secret scanner for the source tree: private keys, AWS-style keys, JWTs and quoted password
 * literals. Files come from git (tracked and untracked, not ignored), so build output, {@code ./data}
 * and {@code node_modules} are never read. Known test fixtures are listed with a reason in
 * {@code secret-scan-allow.txt}; a finding never prints the secret, only where it is.
 */
public final class SecretScanner {

    /** The fixed set of things looked for. */
    public enum Rule {
        PRIVATE_KEY("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
        AWS_ACCESS_KEY_ID("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\\b"),
        AWS_SECRET_ACCESS_KEY("(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+]{40}\\b"),
        JWT("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}"),
        // A quoted literal of 8+ characters assigned to something named like a password or secret
        // ({@code x = "..."}, {@code "x": "..."}, {@code x: '...'}; a space before the colon is a ternary
        // or a psql variable, not an assignment); a placeholder (${...}, <...>, "changeme") is no secret.
        PASSWORD_LITERAL("(?i)\\b[a-z_.-]*(?:password|passwd|pwd|secret|api_?key)[\"']?(?:\\s*=|:)\\s*[\"']([^\"'\\s$<>{}]{8,})[\"']");

        final Pattern pattern;

        Rule(String regex) {
            this.pattern = Pattern.compile(regex);
        }
    }

    public record Finding(String path, int line, Rule rule) {
        @Override
        public String toString() {
            return path + ":" + line + " " + rule;
        }
    }

    /** One allow-list line: a path glob, a rule and why it is not a secret. */
    public record Allowed(String glob, Rule rule, String reason, PathMatcher matcher) {
        boolean covers(Finding f) {
            return f.rule() == rule && matcher.matches(Path.of(f.path()));
        }
    }

    private static final long MAX_FILE_BYTES = 2 * 1024 * 1024;

    private SecretScanner() {
    }

    /** Every file git knows or would add under {@code root}, as paths relative to it. */
    public static List<Path> gitFiles(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git ls-files failed in " + root);
        }
        List<Path> files = new ArrayList<>();
        for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
                files.add(Path.of(name));
            }
        }
        return files;
    }

    public static List<Finding> scan(Path root, List<Path> files) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            Path abs = root.resolve(file);
            if (Files.size(abs) > MAX_FILE_BYTES) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(abs);
            if (isBinary(bytes)) {
                continue;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (Rule rule : Rule.values()) {
                    Matcher m = rule.pattern.matcher(lines[i]);
                    while (m.find()) {
                        if (rule != Rule.PASSWORD_LITERAL || !placeholder(m.group(1))) {
                            findings.add(new Finding(file.toString().replace('\\', '/'), i + 1, rule));
                            break;
                        }
                    }
                }
            }
        }
        return findings;
    }

    static boolean placeholder(String value) {
        String v = value.toLowerCase();
        return v.matches("(?:x+|\\*+|\\.+|-+|_+)") || v.contains("changeme") || v.contains("change-me")
                || v.contains("example") || v.contains("placeholder") || v.contains("redacted") || v.contains("your")
                || v.startsWith("env.") || v.startsWith("process.env");
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code glob rule reason...} lines; blank lines and {@code #} comments are skipped. */
    public static List<Allowed> allowList(Path file) throws IOException {
        List<Allowed> allowed = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException("allow-list line needs a glob, a rule and a reason: " + line);
            }
            allowed.add(new Allowed(parts[0], Rule.valueOf(parts[1]), parts[2],
                    FileSystems.getDefault().getPathMatcher("glob:" + parts[0])));
        }
        return allowed;
    }

    public static List<Finding> notAllowed(List<Finding> findings, List<Allowed> allowed) {
        return findings.stream().filter(f -> allowed.stream().noneMatch(a -> a.covers(f))).toList();
    }
}
