package com.leadignite.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.architecture.cycle.a.Upper;
import com.leadignite.architecture.cycle.b.Lower;
import com.leadignite.architecture.layering.OffenderController;
import com.leadignite.architecture.layering.OffenderDenial;
import com.leadignite.architecture.layering.OffenderRepository;
import com.leadignite.architecture.layering.OffenderService;
import com.leadignite.architecture.authz.OffenderAuthzController;
import com.leadignite.architecture.authz.OffenderAuthzRepository;
import com.leadignite.architecture.authz.OffenderUncheckedService;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.StepUp;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.SecurityEvent;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The package map and the layers of the request path. Each rule is also checked against a small set of
 * sample offenders in this package, so a rule that stopped noticing violations would fail here.
 */
class PackageRulesTest {

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.leadignite");
    }

    /** Each first-level package under {@code root} is a slice; no slice may reach itself through others. */
    static ArchRule freeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("a lower package (web, db, security) must never need a feature above it");
    }

    @Test
    void packagesAreFreeOfCycles() {
        freeOfCycles("com.leadignite").check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(Upper.class, Lower.class);
        assertThatThrownBy(() -> freeOfCycles("com.leadignite.architecture.cycle").check(offenders))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
    }

    static final DescribedPredicate<JavaClass> CONTROLLERS = DescribedPredicate.describe("controllers",
            c -> c.isAnnotatedWith(RestController.class) || c.isAnnotatedWith(Controller.class)
                    || c.getSimpleName().endsWith("Controller"));
    static final DescribedPredicate<JavaClass> SERVICES = DescribedPredicate.describe("services",
            c -> c.getSimpleName().endsWith("Service"));
    static final DescribedPredicate<JavaClass> REPOSITORIES = DescribedPredicate.describe("repositories",
            c -> c.getSimpleName().endsWith("Repository"));

    /** Controllers → services → repositories: nothing calls a controller, repositories call no service. */
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Controllers").definedBy(CONTROLLERS)
            .layer("Services").definedBy(SERVICES)
            .layer("Repositories").definedBy(REPOSITORIES)
            .whereLayer("Controllers").mayNotBeAccessedByAnyLayer()
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Controllers", "Services")
            .whereLayer("Repositories").mayOnlyBeAccessedByLayers("Services", "Repositories");

    /**
     * Classes that still run SQL outside a repository. The list only shrinks: a new class with SQL
     * belongs in a repository; moving one of these there means deleting its line.
     */
    static final Set<String> SQL_OUTSIDE_REPOSITORIES_TODAY = Set.of(
            // A repository (annotated so) whose name says which ReplayGuard it is.
            "com.leadignite.webhooks.receive.DatabaseReplayGuard");

    static final ArchRule ONLY_REPOSITORIES_RUN_SQL = noClasses()
            .that(DescribedPredicate.not(REPOSITORIES))
            // Connections, pools and the per-transaction claims; configuration classes only create beans.
            .and().resideOutsideOfPackage("com.leadignite.db..")
            .and().haveSimpleNameNotEndingWith("Configuration")
            .and(DescribedPredicate.describe("not listed as SQL outside repositories today",
                    c -> !SQL_OUTSIDE_REPOSITORIES_TODAY.contains(c.getName())
                            && !SQL_OUTSIDE_REPOSITORIES_TODAY.contains(c.getName().replaceFirst("\\$.*", ""))))
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(
                    "org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate")
            .because("SQL lives in repositories, behind the services that decide");

    @Test
    void controllersCallServicesWhichCallRepositories() {
        LAYERS.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(OffenderController.class, OffenderService.class,
                OffenderRepository.class);
        assertThatThrownBy(() -> LAYERS.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderController").hasMessageContaining("OffenderRepository.count()")
                .hasMessageContaining("OffenderRepository.<init>(")
                .hasMessageContaining("OffenderService");
    }

    @Test
    void onlyRepositoriesRunSql() {
        ONLY_REPOSITORIES_RUN_SQL.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(OffenderService.class, OffenderRepository.class);
        assertThatThrownBy(() -> ONLY_REPOSITORIES_RUN_SQL.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderService");
    }

    /** Denials are decided and reported in one place, so none can go unaudited or be audited twice. */
    static final ArchRule DENIALS_REPORTED_IN_ONE_PLACE = noClasses()
            .that().doNotHaveFullyQualifiedName(Authorization.class.getName())
            .should().callConstructorWhere(DescribedPredicate.describe("new SecurityEvent.AccessDenied(..)",
                    call -> call.getTargetOwner().isEquivalentTo(SecurityEvent.AccessDenied.class)))
            .because("every 403/404 of authorization goes through security.authz.Authorization");

    @Test
    void denialsAreReportedOnlyByTheAuthorizationComponent() {
        DENIALS_REPORTED_IN_ONE_PLACE.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(OffenderDenial.class);
        assertThatThrownBy(() -> DENIALS_REPORTED_IN_ONE_PLACE.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderDenial.deny()");
    }

    /** What deciding a permission looks like: asking the component, checking step-up, or reading the caller's role. */
    static final String[] PERMISSION_DECISIONS = {Authorization.class.getName(), StepUp.class.getName()};

    /** Controllers bind and answer; whether the caller may is the service's decision, in the service's transaction. */
    static final ArchRule CONTROLLERS_DECIDE_NO_PERMISSION = noClasses().that(CONTROLLERS)
            .should().dependOnClassesThat().haveFullyQualifiedName(PERMISSION_DECISIONS[0])
            .orShould().dependOnClassesThat().haveFullyQualifiedName(PERMISSION_DECISIONS[1])
            .orShould().callMethod(AuthenticatedUser.class, "role")
            .orShould().callMethod(AuthenticatedUser.class, "isAdmin")
            .because("authorization is decided in services (security.authz.Authorization), never in controllers");

    /** Repositories run the SQL they are asked to; refusing a caller is their service's business. */
    static final ArchRule REPOSITORIES_DECIDE_NO_PERMISSION = noClasses().that(REPOSITORIES)
            .should().dependOnClassesThat().haveFullyQualifiedName(PERMISSION_DECISIONS[0])
            .orShould().dependOnClassesThat().haveFullyQualifiedName(PERMISSION_DECISIONS[1])
            .because("authorization is decided in services (security.authz.Authorization), never in repositories");

    /**
     * Services a controller calls that decide no permission because their callers need none: the
     * account's own GoTrue endpoints (the token's own user and their MFA factors, or public by design: sign-up,
     * refresh, social login, which its state, browser cookie and PKCE authenticate) and the public lead
     * capture (authenticated by its form key).
     */
    static final Set<String> SERVICES_WITHOUT_PERMISSIONS = Set.of(
            "com.leadignite.auth.user.AccountService",
            "com.leadignite.auth.mfa.MfaService",
            "com.leadignite.auth.session.LogoutService",
            "com.leadignite.auth.session.RefreshService",
            "com.leadignite.auth.signup.SignUpService",
            "com.leadignite.auth.oidc.SocialLoginService",
            // recover, verify, resend (public by design) and the caller's own email change (step-up)
            "com.leadignite.auth.lifecycle.AccountLifecycleService",
            "com.leadignite.crm.capture.LeadCaptureService");

    static final ArchCondition<JavaClass> ASK_THE_AUTHORIZATION_COMPONENT = new ArchCondition<>(
            "ask security.authz.Authorization when a controller calls them") {
        @Override
        public void check(JavaClass service, ConditionEvents events) {
            boolean calledByAController = service.getDirectDependenciesToSelf().stream()
                    .anyMatch(d -> CONTROLLERS.test(d.getOriginClass()));
            boolean asks = service.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getName().equals(Authorization.class.getName()));
            if (calledByAController && !asks && !SERVICES_WITHOUT_PERMISSIONS.contains(service.getName())) {
                events.add(SimpleConditionEvent.violated(service,
                        service.getName() + " is called by a controller but never asks security.authz.Authorization"));
            }
        }
    };

    static final ArchRule SERVICES_DECIDE = classes().that(SERVICES).should(ASK_THE_AUTHORIZATION_COMPONENT)
            .because("the service method, in its transaction with the caller's claims, is where authorization is decided");

    @Test
    void authorizationIsDecidedInServicesOnly() {
        CONTROLLERS_DECIDE_NO_PERMISSION.check(main);
        REPOSITORIES_DECIDE_NO_PERMISSION.check(main);
        SERVICES_DECIDE.check(main);
        JavaClasses offenders = new ClassFileImporter().importClasses(OffenderAuthzController.class,
                OffenderUncheckedService.class, OffenderAuthzRepository.class);
        assertThatThrownBy(() -> CONTROLLERS_DECIDE_NO_PERMISSION.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderAuthzController.count(").hasMessageContaining("Authorization.require(")
                .hasMessageContaining("OffenderAuthzController.admin(").hasMessageContaining("AuthenticatedUser.isAdmin()");
        assertThatThrownBy(() -> REPOSITORIES_DECIDE_NO_PERMISSION.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderAuthzRepository");
        assertThatThrownBy(() -> SERVICES_DECIDE.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("OffenderUncheckedService is called by a controller");
    }

    /** The list of services without permissions names only services a controller still calls. */
    @Test
    void theServicesWithoutPermissionsAreCurrent() {
        for (String name : SERVICES_WITHOUT_PERMISSIONS) {
            org.assertj.core.api.Assertions.assertThat(main.get(name).getDirectDependenciesToSelf().stream()
                    .anyMatch(d -> CONTROLLERS.test(d.getOriginClass()))).as("%s is still called by a controller", name).isTrue();
        }
    }

    /** The frozen list names only classes that exist and still need it, so it cannot silently outlive them. */
    @Test
    void theListOfSqlOutsideRepositoriesIsCurrent() {
        for (String name : SQL_OUTSIDE_REPOSITORIES_TODAY) {
            JavaClass c = main.get(name);
            org.assertj.core.api.Assertions.assertThat(c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getName().startsWith("org.springframework.jdbc.core")))
                    .as("%s still uses JdbcClient; otherwise remove it from the list", name).isTrue();
        }
    }
}
