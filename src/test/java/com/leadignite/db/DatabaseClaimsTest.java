package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one transaction helper: claims set first, sessions checked by that same statement, joins refused across claims. */
class DatabaseClaimsTest extends TwoOrgTest {

    @Autowired
    Database db;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    private String currentClaims() {
        return jdbc.sql("select current_setting('request.jwt.claims', true)").query(String.class).single();
    }

    /** Records what the database answered for a session. */
    static final class Answers implements DbClaims.Confirmation {
        final List<Optional<DbClaims.User>> seen = new ArrayList<>();
        final List<Boolean> orgRequiresMfa = new ArrayList<>();

        @Override
        public void confirmed(Optional<DbClaims.Live> live) {
            seen.add(live.map(DbClaims.Live::user));
            live.ifPresent(l -> orgRequiresMfa.add(l.orgRequiresMfa()));
            live.orElseThrow(() -> new IllegalStateException("not live"));
        }
    }

    private DbClaims.Session session(Fixtures.TestUser u, Answers answers) {
        return new DbClaims.Session(u.id(), u.sessionId(), Duration.ofHours(24), answers);
    }

    @Test
    void aLiveSessionGetsTheDatabasesViewOfItsUserInTheSameShapeAsJavaWritesIt() {
        Answers answers = new Answers();
        String claims = db.as(session(agent, answers)).read(this::currentClaims);

        DbClaims.User confirmed = answers.seen.get(0).orElseThrow();
        assertThat(confirmed).isEqualTo(new DbClaims.User(agent.id(), org, "agent", agent.email(), agent.sessionId()));
        JsonNode fromSql = json.readTree(claims);
        JsonNode fromJava = json.readTree(db.json(confirmed));
        assertThat(fromSql).isEqualTo(fromJava);
        assertThat(fromSql.get("app_metadata").get("role").asString()).isEqualTo("agent");
    }

    @Test
    void theSameStatementSaysWhetherTheUsersOrgRequiresMfaOfItsAdmins() {
        Answers answers = new Answers();
        db.as(session(admin, answers)).read(this::currentClaims);
        Fixtures.exec("update public.organizations set require_mfa = true where id = ?", org);
        try {
            db.as(session(admin, answers)).read(this::currentClaims);
            db.as(session(otherAdmin, answers)).read(this::currentClaims);
        } finally {
            Fixtures.exec("update public.organizations set require_mfa = false where id = ?", org);
        }
        assertThat(answers.orgRequiresMfa).containsExactly(false, true, false);
    }

    @Test
    void aRevokedSessionOrALockedUserGetsNoClaimsAndItsWorkNeverRuns() {
        Fixtures.exec("update auth.sessions set revoked_at = now() where id = ?", agent.sessionId());
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", user.id());
        for (Fixtures.TestUser dead : List.of(agent, user)) {
            Answers answers = new Answers();
            boolean[] ran = {false};
            assertThatThrownBy(() -> db.as(session(dead, answers)).read(() -> ran[0] = true))
                    .hasMessage("not live");
            assertThat(answers.seen).containsExactly(Optional.empty());
            assertThat(ran[0]).isFalse();
        }
    }

    @Test
    void aSessionIsOnlyGoodForItsOwnUserAndWithinItsInactivityWindow() {
        Answers answers = new Answers();
        var stolen = new DbClaims.Session(admin.id(), agent.sessionId(), Duration.ofHours(24), answers);
        assertThatThrownBy(() -> db.as(stolen).read(() -> 1)).hasMessage("not live");
        var idle = new DbClaims.Session(agent.id(), agent.sessionId(), Duration.ZERO, answers);
        assertThatThrownBy(() -> db.as(idle).read(() -> 1)).hasMessage("not live");
        assertThat(answers.seen).containsExactly(Optional.empty(), Optional.empty());
    }

    @Test
    void serviceClaimsAreWrittenInOnePlaceAndEndWithTheTransaction() {
        UUID someOrg = UUID.randomUUID();
        assertThat(json.readTree(db.as(DbClaims.webhook(someOrg)).read(this::currentClaims)))
                .isEqualTo(json.readTree("{\"role\":\"service_webhook\",\"app_metadata\":{\"org_id\":\"" + someOrg + "\"}}"));
        assertThat(db.as(DbClaims.AUTH).read(this::currentClaims)).isEqualTo("{\"role\":\"service_auth\"}");
        assertThat(db.as(DbClaims.ANONYMOUS).read(this::currentClaims)).isEmpty();
        // Outside any transaction nothing is left behind on the pooled connection.
        assertThat(currentClaims()).isNullOrEmpty();
        assertThatThrownBy(() -> DbClaims.capture(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DbClaims.Service(DbClaims.ServiceRole.service_auth, someOrg))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workJoiningATransactionMustRunAsTheSameClaims() {
        DbClaims.User mine = new DbClaims.User(agent.id(), org, "agent", agent.email(), agent.sessionId());
        DbClaims.User same = new DbClaims.User(agent.id(), org, "agent", agent.email(), agent.sessionId());
        assertThat(db.as(mine).read(() -> db.as(same).read(this::currentClaims))).contains(agent.id().toString());
        assertThatThrownBy(() -> db.as(mine).read(() -> db.as(DbClaims.AUTH).read(this::currentClaims)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("other claims");
    }

    @Test
    void readsRunReadOnly() {
        assertThatThrownBy(() -> db.as(DbClaims.AUTH).read(() -> jdbc.sql(
                "update auth.users set updated_at = now() where id = :id").param("id", agent.id()).update()))
                .hasMessageContaining("read-only");
        assertThat(db.as(DbClaims.AUTH).write(() -> jdbc.sql(
                "update auth.users set updated_at = now() where id = :id").param("id", agent.id()).update())).isEqualTo(1);
    }

    @Test
    void aSessionIsConfirmedOnItsOwnOnlyOutsideATransaction() {
        Answers answers = new Answers();
        db.confirm(session(agent, answers));
        assertThat(answers.seen).hasSize(1);
        assertThat(answers.seen.get(0)).isPresent();
        assertThatThrownBy(() -> db.as(DbClaims.AUTH).read(() -> {
            db.confirm(session(agent, answers));
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }
}
