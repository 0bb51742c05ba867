package com.leadignite.support;

import com.leadignite.support.Fixtures.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of full-stack tests that need the usual cast ({@link TwoOrgs}): an org with an admin, an agent and
 * a user, and a second org with its own admin. Fresh for every test and deleted after it; a class with
 * {@code @TestInstance(PER_CLASS)} gets one cast for all its tests, created before its own
 * {@code @BeforeAll} (which may seed rows for it) and deleted after its {@code @AfterAll}. Subclasses add
 * their own {@code @BeforeEach}, which runs after the cast exists.
 */
@IntegrationTest
@ExtendWith(TwoOrgTest.PerClassCast.class)
public abstract class TwoOrgTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected Fixtures fixtures;

    protected Http http;
    protected TwoOrgs cast;
    protected UUID org;
    protected UUID otherOrg;
    protected TestUser admin;
    protected TestUser agent;
    protected TestUser user;
    protected TestUser otherAdmin;

    @BeforeEach
    void createOrgs() {
        if (cast == null) {
            createCast();
        }
    }

    @AfterEach
    void deleteOrgs() {
        if (!perClass(getClass())) {
            deleteCast();
        }
    }

    /** Another agent of {@link #org}, created on first use. */
    protected TestUser agent2() {
        return cast.agent2();
    }

    /** Another user of {@link #org}, created on first use. */
    protected TestUser user2() {
        return cast.user2();
    }

    /** An agent of {@link #otherOrg}, created on first use. */
    protected TestUser otherAgent() {
        return cast.otherAgent();
    }

    /** A user of {@link #otherOrg}, created on first use. */
    protected TestUser otherUser() {
        return cast.otherUser();
    }

    private void createCast() {
        http = new Http(port);
        cast = new TwoOrgs(fixtures, getClass().getSimpleName());
        org = cast.org;
        otherOrg = cast.otherOrg;
        admin = cast.admin;
        agent = cast.agent;
        user = cast.user;
        otherAdmin = cast.otherAdmin;
    }

    private void deleteCast() {
        if (cast != null) {
            cast.delete();
            cast = null;
        }
    }

    private static boolean perClass(Class<?> type) {
        TestInstance lifecycle = type.getAnnotation(TestInstance.class);
        return lifecycle != null && lifecycle.value() == TestInstance.Lifecycle.PER_CLASS;
    }

    /** For {@code PER_CLASS} tests: the cast around the whole class, Spring's injection having run. */
    static final class PerClassCast implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getTestInstance().filter(TwoOrgTest.class::isInstance)
                    .map(TwoOrgTest.class::cast).ifPresent(TwoOrgTest::createCast);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            context.getTestInstance().filter(TwoOrgTest.class::isInstance)
                    .map(TwoOrgTest.class::cast).ifPresent(TwoOrgTest::deleteCast);
        }
    }
}
