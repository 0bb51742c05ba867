package com.leadignite.security;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Maps the subject of an external Supabase token to a local account: only through an explicit link row
 * {@code auth.identities(provider='supabase', provider_id=<sub>)}. Org and role are this database's;
 * nothing the external token says about them is read. An unlinked subject or a locked user is unknown.
 */
@Component
public class ExternalIdentityLookup {

    public static final String PROVIDER = "supabase";

    private final Database database;
    private final ExternalIdentityRepository identities;

    public ExternalIdentityLookup(Database database, ExternalIdentityRepository identities) {
        this.database = database;
        this.identities = identities;
    }

    public Optional<DbClaims.User> find(String externalSubject) {
        if (externalSubject == null || externalSubject.isBlank() || externalSubject.length() > 255) {
            return Optional.empty();
        }
        return database.as(DbClaims.AUTH).read(() -> identities.findLinkedUser(PROVIDER, externalSubject));
    }
}
