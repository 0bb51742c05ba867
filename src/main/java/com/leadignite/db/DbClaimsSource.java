package com.leadignite.db;

/**
 * Supplies the JSON claims that every transaction carries as {@code request.jwt.claims}, which the
 * {@code auth.*} SQL helpers and the row-level security policies read. {@code null} means anonymous:
 * the helpers then return NULL and the policies let nothing through.
 */
@FunctionalInterface
public interface DbClaimsSource {

    DbClaimsSource NONE = () -> null;

    String currentClaimsJson();
}
