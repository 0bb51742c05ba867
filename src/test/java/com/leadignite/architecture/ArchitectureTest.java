package com.leadignite.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RestController;

/** Rules about the code itself that keep the security design from eroding. */
class ArchitectureTest {

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.leadignite");
    }

    @Test
    void controllersDoNotTalkToTheDatabaseDirectly() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sql.DataSource")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
                .because("SQL lives in repositories next to their feature, behind transactional services")
                .check(main);
    }

    @Test
    void theRequestPipelineDoesNotDependOnFeatures() {
        noClasses().that().resideInAnyPackage("com.leadignite.web..", "com.leadignite.db..", "com.leadignite.crypto..",
                        "com.leadignite.audit..", "com.leadignite.security..", "com.leadignite.config..")
                .should().dependOnClassesThat().resideInAnyPackage("com.leadignite.crm..", "com.leadignite.webhooks..",
                        "com.leadignite.integrations..")
                .check(main);
    }

    @Test
    void noFieldInjection() {
        fields().should().notBeAnnotatedWith(Autowired.class)
                .because("constructor injection keeps dependencies explicit and testable")
                .allowEmptyShould(true)
                .check(main);
    }

    // One exception: the dev profile's sign-up hint is for pasting from the terminal, so it must not be
    // JSON-escaped or masked; it prints only constant text and the port (com.leadignite.StartupMessage).
    static final ArchRule NO_STRAY_OUTPUT = noClasses().that().doNotHaveFullyQualifiedName("com.leadignite.StartupMessage")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("all output goes through the masked structured logger");

    @Test
    void nothingWritesToStandardStreamsOrPrintsStackTraces() {
        NO_STRAY_OUTPUT.check(main);
    }

    /** The rules are only worth something if they notice a violation. */
    @Test
    void theRulesCatchAnOffender() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
        assertThatThrownBy(() -> NO_STRAY_OUTPUT.check(offender)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Offender");
    }

    static final class Offender {
        void leak(Exception e) {
            System.out.println("token");
            e.printStackTrace();
        }
    }

    /**
     * A transaction begun while another is suspended holds a second pooled connection: a burst larger
     * than the pool then waits on itself. Work that must commit on its own runs after the request's
     * transaction (db.ConnectionScope, audit.AuditWriter#recordIndependently).
     */
    static final com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaAnnotation<?>> REQUIRES_NEW =
            com.tngtech.archunit.base.DescribedPredicate.describe("@Transactional(propagation = REQUIRES_NEW)",
                    a -> a.getRawType().isEquivalentTo(org.springframework.transaction.annotation.Transactional.class)
                            && a.get("propagation").map(v -> String.valueOf(v).endsWith("REQUIRES_NEW")).orElse(false));

    static final ArchRule NO_NESTED_TRANSACTIONS = noClasses()
            // The int constants are inlined by the compiler, so the setter itself is what can be seen.
            .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "setPropagationBehavior(..)", call -> call.getName().equals("setPropagationBehavior")))
            .orShould().accessField(org.springframework.transaction.annotation.Propagation.class, "REQUIRES_NEW")
            .orShould().beAnnotatedWith(REQUIRES_NEW)
            .because("no code may hold a pooled connection while it waits for another");

    static final ArchRule NO_NESTED_TRANSACTION_METHODS = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods()
            .should().beAnnotatedWith(REQUIRES_NEW)
            .because("no code may hold a pooled connection while it waits for another");

    @Test
    void noTransactionIsOpenedInsideAnother() {
        NO_NESTED_TRANSACTIONS.check(main);
        NO_NESTED_TRANSACTION_METHODS.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(NestedTransactionOffender.class,
                AnnotatedNestedTransactionOffender.class);
        assertThatThrownBy(() -> NO_NESTED_TRANSACTIONS.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("setPropagationBehavior");
        assertThatThrownBy(() -> NO_NESTED_TRANSACTION_METHODS.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("AnnotatedNestedTransactionOffender.audit");
    }

    static final class NestedTransactionOffender {
        NestedTransactionOffender(org.springframework.transaction.support.TransactionTemplate t) {
            t.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }
    }

    static class AnnotatedNestedTransactionOffender {
        @org.springframework.transaction.annotation.Transactional(
                propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
        public void audit() {
        }
    }

    @Test
    void noJdbcStatementsBuiltByHand() {
        noClasses().should().callMethod(java.sql.Statement.class, "execute", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeQuery", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeUpdate", String.class)
                .because("every query is parameterized through JdbcClient")
                .check(main);
    }

    /**
     * Transactions begin in one place, {@code db.Database}, which gives each its claims as its first
     * statement: a transaction begun anywhere else would run without them (or, joined, under someone else's).
     */
    static final ArchRule TRANSACTIONS_ONLY_THROUGH_THE_HELPER = noClasses()
            .that().resideOutsideOfPackage("com.leadignite.db..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.transaction.support.TransactionTemplate")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.transaction.PlatformTransactionManager")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.transaction.annotation.Transactional")
            .because("db.Database.as(claims).read/write is the one way to run work in the database");

    /**
     * One JsonMapper, the application's (naming, parse limits). The copies left each say why they differ:
     * a canonical form for hashing, a size measure in static validation rules, and the container's error
     * page, written by Tomcat outside the application context.
     */
    static final ArchRule ONE_JSON_MAPPER = noClasses()
            .that().doNotHaveFullyQualifiedName("com.leadignite.security.resources.JsonLimitsConfiguration")
            .and().doNotHaveFullyQualifiedName("com.leadignite.idempotency.RequestFingerprint")
            .and().doNotHaveFullyQualifiedName("com.leadignite.auth.user.UserMetadataRules")
            .and().doNotHaveFullyQualifiedName("com.leadignite.web.ProblemErrorReportValve")
            .should().callMethod(tools.jackson.databind.json.JsonMapper.class, "builder")
            .orShould().callConstructor(tools.jackson.databind.json.JsonMapper.class)
            .because("the injected JsonMapper carries the application's naming and size limits");

    @Test
    void databaseWorkGoesThroughTheHelperAndOneJsonMapper() {
        TRANSACTIONS_ONLY_THROUGH_THE_HELPER.check(main);
        ONE_JSON_MAPPER.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(OwnTransactionOffender.class,
                OwnJsonMapperOffender.class);
        assertThatThrownBy(() -> TRANSACTIONS_ONLY_THROUGH_THE_HELPER.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OwnTransactionOffender");
        assertThatThrownBy(() -> ONE_JSON_MAPPER.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OwnJsonMapperOffender");
    }

    static class OwnTransactionOffender {
        @org.springframework.transaction.annotation.Transactional
        public void change() {
        }
    }

    static class OwnJsonMapperOffender {
        String write(Object o) {
            return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(o);
        }
    }
}
