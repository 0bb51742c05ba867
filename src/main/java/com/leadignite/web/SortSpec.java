package com.leadignite.web;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code ?sort=field,asc|desc} parameter checked against an allow-list that maps API field names to
 * SQL columns. Only the allow-listed column text ever reaches SQL (it is a constant of the caller, never
 * the client's string), so sorting cannot inject. Anything not on the list is a 400.
 *
 * <pre>{@code
 * static final Map<String, String> SORTABLE = Map.of("created_at", "l.created_at", "last_name", "l.last_name");
 * SortSpec sort = SortSpec.parse(sortParam, SORTABLE, "created_at", Direction.desc);
 * String sql = "... order by " + sort.orderBy("l.id");
 * }</pre>
 */
public record SortSpec(String field, String column, Direction direction) {

    public enum Direction {
        asc, desc
    }

    private static final Pattern SYNTAX = Pattern.compile("([a-z_]{1,40})(?:,(asc|desc|ASC|DESC))?");

    /**
     * @param raw          the parameter as sent, or null/blank for the default
     * @param allowed      API field name to SQL column expression (constants only)
     * @param defaultField the field used when {@code raw} is absent (must be a key of {@code allowed})
     */
    public static SortSpec parse(String raw, Map<String, String> allowed, String defaultField, Direction defaultDirection) {
        if (raw == null || raw.isBlank()) {
            return new SortSpec(defaultField, allowed.get(defaultField), defaultDirection);
        }
        var m = SYNTAX.matcher(raw);
        if (!m.matches() || !allowed.containsKey(m.group(1))) {
            throw FieldErrorException.of("sort", "must be one of " + String.join(", ", allowed.keySet().stream().sorted().toList())
                    + ", optionally followed by ,asc or ,desc");
        }
        Direction d = m.group(2) == null ? Direction.asc : Direction.valueOf(m.group(2).toLowerCase(Locale.ROOT));
        return new SortSpec(m.group(1), allowed.get(m.group(1)), d);
    }

    /**
     * The ORDER BY list: the sort column (NULLs last either way) then {@code tieBreaker}, so pages are
     * stable when many rows share a value.
     */
    public String orderBy(String tieBreaker) {
        return column + " " + direction.name() + " nulls last, " + tieBreaker + " " + direction.name();
    }
}
