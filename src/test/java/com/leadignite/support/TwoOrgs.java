package com.leadignite.support;

import com.leadignite.support.Fixtures.TestUser;
import java.util.UUID;

/**
 * The usual cast of a multi-tenant test: an org with an admin, an agent and a user, and another org with
 * its own admin (for cross-tenant checks). A second agent and user of the org, and an agent and user of
 * the other org, are created on first use, so tests that count an org's members see only whom they asked
 * for. Jupiter tests get one through {@link TwoOrgTest}; other engines (jqwik) create and
 * {@link #delete} one themselves.
 */
public final class TwoOrgs {

    public final UUID org;
    public final UUID otherOrg;
    public final TestUser admin;
    public final TestUser agent;
    public final TestUser user;
    public final TestUser otherAdmin;

    private final Fixtures fixtures;
    private TestUser agent2;
    private TestUser user2;
    private TestUser otherAgent;
    private TestUser otherUser;

    public TwoOrgs(Fixtures fixtures, String name) {
        this.fixtures = fixtures;
        org = fixtures.createOrg(name + " Org");
        otherOrg = fixtures.createOrg(name + " Other Org");
        admin = fixtures.user(org, "admin");
        agent = fixtures.user(org, "agent");
        user = fixtures.user(org, "user");
        otherAdmin = fixtures.user(otherOrg, "admin");
    }

    /** Another agent of {@link #org}. */
    public synchronized TestUser agent2() {
        if (agent2 == null) {
            agent2 = fixtures.user(org, "agent");
        }
        return agent2;
    }

    /** Another user of {@link #org}. */
    public synchronized TestUser user2() {
        if (user2 == null) {
            user2 = fixtures.user(org, "user");
        }
        return user2;
    }

    public synchronized TestUser otherAgent() {
        if (otherAgent == null) {
            otherAgent = fixtures.user(otherOrg, "agent");
        }
        return otherAgent;
    }

    public synchronized TestUser otherUser() {
        if (otherUser == null) {
            otherUser = fixtures.user(otherOrg, "user");
        }
        return otherUser;
    }

    /** Removes both orgs and everything in them. */
    public void delete() {
        fixtures.deleteOrg(org);
        fixtures.deleteOrg(otherOrg);
    }
}
