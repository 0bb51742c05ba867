package com.leadignite.crm.users;

import com.leadignite.web.FieldErrorException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ?page=&size=&sort=} of API.md §0: page from 0, size 1..100, sort {@code field[,asc|desc]} from a
 * per-resource allow-list mapping API field names to SQL columns. The ORDER BY is assembled only from
 * the allow-list's own strings, never from request text.
 */
public record Paging(int page, int size, String orderBy) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static Paging of(Integer page, Integer size, String sort, Map<String, String> sortable, String defaultOrder) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > 1_000_000) {
            throw FieldErrorException.of("page", "must be between 0 and 1000000");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw FieldErrorException.of("size", "must be between 1 and " + MAX_SIZE);
        }
        String order = defaultOrder;
        if (sort != null && !sort.isBlank()) {
            String[] parts = sort.split(",", -1);
            String column = sortable.get(parts[0].trim());
            String dir = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (column == null || parts.length > 2 || !(dir.equals("asc") || dir.equals("desc"))) {
                throw FieldErrorException.of("sort", "must be one of " + String.join(", ", sortable.keySet())
                        + ", optionally followed by ,asc or ,desc");
            }
            order = column + " " + dir;
        }
        return new Paging(p, s, order);
    }

    public long offset() {
        return (long) page * size;
    }
}
