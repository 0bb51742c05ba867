package com.leadignite.web;

import java.util.List;

/** The list envelope of API.md §0: {@code {"items":[...],"page":0,"size":20,"total":123}}. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {
}
