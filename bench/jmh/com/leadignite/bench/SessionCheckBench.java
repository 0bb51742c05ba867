package com.leadignite.bench;

import com.leadignite.LeadIgniteApplication;
import com.leadignite.security.SessionLookup;
import com.leadignite.support.Fixtures;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The per-request session check ({@code SessionLookup.find}: a transaction with the service claims and
 * the primary-key lookup of the session and its user) against the machine's PostgreSQL, on the
 * service's own pool. The service runs without a web server, with the test profile (a throw-away
 * database, like the tests); one org, user and live session are created for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCheckBench {

    ConfigurableApplicationContext app;
    Fixtures fixtures;
    SessionLookup sessions;
    UUID orgId;
    Fixtures.TestUser user;

    @Setup
    public void setUp() {
        app = new SpringApplicationBuilder(LeadIgniteApplication.class).profiles("test")
                .web(WebApplicationType.NONE).logStartupInfo(false).run("--logging.level.root=WARN");
        fixtures = app.getBean(Fixtures.class);
        sessions = app.getBean(SessionLookup.class);
        orgId = fixtures.createOrg("jmh-session-check");
        user = fixtures.user(orgId, "agent");
    }

    @TearDown
    public void tearDown() {
        fixtures.deleteOrg(orgId);
        app.close();
    }

    @Benchmark
    public Optional<SessionLookup.LiveSession> find() {
        return sessions.find(user.sessionId(), user.id());
    }
}
