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

    @Test
    void noJdbcStatementsBuiltByHand() {
        noClasses().should().callMethod(java.sql.Statement.class, "execute", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeQuery", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeUpdate", String.class)
                .because("every query is parameterized through JdbcClient")
                .check(main);
    }
}
