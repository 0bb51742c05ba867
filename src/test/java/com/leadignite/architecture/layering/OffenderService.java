package com.leadignite.architecture.layering;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A service that runs SQL itself instead of through a repository. */
public class OffenderService {
    private final JdbcClient jdbc;

    public OffenderService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int count() {
        return jdbc.sql("select 1").query(Integer.class).single();
    }
}
