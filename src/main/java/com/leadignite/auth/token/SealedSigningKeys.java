package com.leadignite.auth.token;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.DbContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The private halves of the JWT signing keys ({@code auth.signing_keys.private_key_enc}) as sealed values:
 * every row, retired and expired ones included, so an old master key seals nothing once re-sealing is done.
 */
@Component
public class SealedSigningKeys implements SealedValueStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public SealedSigningKeys(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public String description() {
        return "JWT signing keys";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return DbContext.callAs(DbContext.AUTH_SERVICE, () -> tx.execute(s -> new TreeSet<>(jdbc.sql("""
                select distinct encode(substring(private_key_enc from 2 for 4), 'hex') from auth.signing_keys""")
                .query(String.class).list())));
    }

    @Override
    public int resealAll(MasterKey keys) {
        record Row(String kid, byte[] sealed) {
        }
        Integer n = DbContext.callAs(DbContext.AUTH_SERVICE, () -> tx.execute(s -> {
            // The same lock as a JWT rotation: no key is added or retired meanwhile.
            jdbc.sql("select pg_advisory_xact_lock(hashtext('auth.signing_keys'))").query().singleValue();
            List<Row> rows = jdbc.sql("select kid, private_key_enc from auth.signing_keys order by kid for update")
                    .query((rs, i) -> new Row(rs.getString(1), rs.getBytes(2))).list();
            int rewritten = 0;
            for (Row row : rows) {
                byte[] resealed;
                try {
                    resealed = keys.reseal(row.sealed(), SigningKeys.aad(row.kid()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("signing key " + row.kid()
                            + " cannot be opened with the configured master keys", e);
                }
                if (resealed != row.sealed()) {
                    jdbc.sql("update auth.signing_keys set private_key_enc = :sealed where kid = :kid")
                            .param("sealed", resealed).param("kid", row.kid()).update();
                    rewritten++;
                }
            }
            return rewritten;
        }));
        return n == null ? 0 : n;
    }
}
