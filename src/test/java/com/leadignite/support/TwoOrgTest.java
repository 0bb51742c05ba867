package com.leadignite.support;

import com.leadignite.support.Fixtures.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of full-stack tests that need the usual cast: an org with an admin, an agent and a user, and a
 * second org with its own admin (for cross-tenant checks). Fresh for every test, deleted after it.
 * Subclasses add their own {@code @BeforeEach}, which runs after this one.
 */
@IntegrationTest
public abstract class TwoOrgTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected Fixtures fixtures;

    protected Http http;
    protected UUID org;
    protected UUID otherOrg;
    protected TestUser admin;
    protected TestUser agent;
    protected TestUser user;
    protected TestUser otherAdmin;

    @BeforeEach
    void createOrgs() {
        http = new Http(port);
        org = fixtures.createOrg(getClass().getSimpleName() + " Org");
        otherOrg = fixtures.createOrg(getClass().getSimpleName() + " Other Org");
        admin = fixtures.user(org, "admin");
        agent = fixtures.user(org, "agent");
        user = fixtures.user(org, "user");
        otherAdmin = fixtures.user(otherOrg, "admin");
    }

    @AfterEach
    void deleteOrgs() {
        fixtures.deleteOrg(org);
        fixtures.deleteOrg(otherOrg);
    }
}
