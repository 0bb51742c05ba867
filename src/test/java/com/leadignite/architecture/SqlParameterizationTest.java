package com.leadignite.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SQL text handed to {@code JdbcClient.sql(...)} is built only from constants: string literals,
 * upper-case constants, an element of an upper-case constant array by index (one of texts built once from
 * constants), a boolean choice between two literals, and {@code orderBy()} of a sort spec whose columns
 * come from an allow-list. Values travel as bind parameters, never concatenated or formatted in.
 */
class SqlParameterizationTest {

    @Test
    void sqlTextIsAlwaysALiteral() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(file);
                for (int at = src.indexOf(".sql("); at >= 0; at = src.indexOf(".sql(", at + 1)) {
                    String code = codeOutsideLiterals(src, at + ".sql(".length());
                    if (!onlyConstants(code)) {
                        offenders.add(file + ": .sql(... " + code + " ...)");
                    }
                }
            }
        }
        assertThat(offenders).as("SQL built from non-constant text").isEmpty();
    }

    @Test
    void theScannerSeesConcatenation() {
        assertThat(codeOutsideLiterals("\"select 1 + 2\")", 0)).isEmpty();
        assertThat(codeOutsideLiterals("\"\"\"\n select ) \"x\" \n\"\"\")", 0)).isEmpty();
        assertThat(codeOutsideLiterals("\"select * from t where a = '\" + name + \"'\")", 0)).isEqualTo("+ name +");
        assertThat(codeOutsideLiterals("\"select %s\".formatted(col))", 0)).isEqualTo(".formatted(col)");
        assertThat(onlyConstants("+ COLUMNS + + (forUpdate ? : ) + sort.orderBy() +")).isTrue();
        assertThat(onlyConstants("+ WHERE[shape] + + sort.orderBy() + PAGE")).isTrue();
        assertThat(onlyConstants("+ WHERE[shape] + name")).isFalse();
        assertThat(onlyConstants("+ where[shape] +")).isFalse();
        assertThat(onlyConstants("+ WHERE[shape(f)] +")).isFalse();
        assertThat(onlyConstants("+ name +")).isFalse();
        assertThat(onlyConstants(".formatted(col)")).isFalse();
        assertThat(onlyConstants("+ String.format(x)")).isFalse();
        assertThat(onlyConstants("+ request.getParameter() +")).isFalse();
    }

    /** What may stand between literals: {@code +}, CONSTANTS, {@code CONSTANTS[i]}, {@code (flag ? : )}, {@code x.orderBy()}. */
    static boolean onlyConstants(String code) {
        String rest = code
                .replaceAll("\\b[a-z][A-Za-z0-9_]*\\.orderBy\\(\\)", " ")
                .replaceAll("\\b([A-Za-z0-9_]+\\.)?[A-Z][A-Z0-9_]*\\[\\s*[a-z][A-Za-z0-9_]*\\s*\\]", " ")
                .replaceAll("\\(\\s*[a-z][A-Za-z0-9_]*\\s*\\?\\s*:\\s*\\)", " ")
                .replaceAll("\\b([A-Za-z0-9_]+\\.)?[A-Z][A-Z0-9_]*\\b", " ")
                .replace("+", " ");
        return rest.isBlank();
    }

    /** The argument's code with string literals and text blocks removed, up to the closing parenthesis. */
    static String codeOutsideLiterals(String src, int from) {
        StringBuilder code = new StringBuilder();
        int depth = 0;
        int i = from;
        while (i < src.length()) {
            if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                while (end > 0 && src.charAt(end - 1) == '\\') {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                i = end + 3;
                continue;
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                while (i < src.length() && src.charAt(i) != '"') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
            code.append(c);
            i++;
        }
        return code.toString().replaceAll("\\s+", " ").trim();
    }
}
