package com.leadignite.web;


/**
 * Validated paging parameters ({@code ?page=0&size=20}, API.md §0): page at least 0, size 1..100,
 * otherwise a 400 naming the parameter. The offset is computed in {@code long} so a huge page never
 * overflows.
 */
public record PageQuery(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public PageQuery {
        if (page < 0) {
            throw FieldErrorException.of("page", "must be 0 or greater");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw FieldErrorException.of("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    /** From optional request parameters, with defaults page 0 and size 20. */
    public static PageQuery of(Integer page, Integer size) {
        return new PageQuery(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
    }

    public long offset() {
        return (long) page * size;
    }
}
