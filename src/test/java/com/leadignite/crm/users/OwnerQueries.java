package com.leadignite.crm.users;

import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the test database as its owner, to check what the service really stored. */
public final class OwnerQueries {

    private OwnerQueries() {
    }

    public static List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Object one(String sql, Object... args) {
        List<Map<String, Object>> r = rows(sql, args);
        if (r.size() != 1) {
            throw new IllegalStateException("expected one row, got " + r.size());
        }
        return r.get(0).values().iterator().next();
    }
}
