package dev.tillbridge.infra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The package rules of a service (docs/architecture.md, "Code layout"), checked by each service's
 * {@code ArchitectureTest} on its production classes:
 *
 * <ul>
 *   <li>the layers point one way, {@code rest} → {@code service} → {@code store} / {@code messaging}: nothing but
 *       {@code rest} names a REST resource or mapper; {@code service} does not know how it is reached over HTTP or
 *       watched ({@code health}, {@code metrics}); {@code store} is the bottom and uses no other layer (a Kafka
 *       consumer in {@code messaging} may hand its record to a {@code service} handler, the Debezium outbox style);
 *   <li>the decisions are plain Java: a class in {@code service} that is not a CDI bean imports no framework
 *       (Quarkus, SmallRye, Vert.x, Kafka, JAX-RS, JPA, CDI, JTA), so it is unit-tested without any;
 *   <li>a service reaches no other service's packages and no test tool (the Magento simulator): what services share
 *       lives in common-events ({@code dev.tillbridge.events}, {@code dev.tillbridge.magento}).
 * </ul>
 */
public final class ServiceArchitecture {

    /** The root package of every deployable and of the simulator. */
    static final Set<String> MODULE_ROOTS = Set.of(
            "dev.tillbridge.poller",
            "dev.tillbridge.filter",
            "dev.tillbridge.pusher",
            "dev.tillbridge.notifier",
            "dev.tillbridge.status",
            "dev.tillbridge.pos",
            "dev.tillbridge.simulator");

    private static final String[] FRAMEWORKS = {
        "io.quarkus..",
        "io.smallrye..",
        "io.vertx..",
        "org.apache.kafka..",
        // Not the OpenAPI annotations: an API's response records may document their own schema.
        "org.eclipse.microprofile.config..",
        "org.eclipse.microprofile.reactive..",
        "org.eclipse.microprofile.health..",
        "org.eclipse.microprofile.faulttolerance..",
        "jakarta.ws.rs..",
        "jakarta.persistence..",
        "jakarta.enterprise..",
        "jakarta.inject..",
        "jakarta.transaction..",
        "org.hibernate.."
    };

    private static final Set<String> CDI_SCOPES = Set.of(
            "jakarta.enterprise.context.ApplicationScoped",
            "jakarta.enterprise.context.RequestScoped",
            "jakarta.enterprise.context.Dependent",
            "jakarta.inject.Singleton");

    private final String root;
    private final JavaClasses classes;

    private ServiceArchitecture(String root) {
        this.root = root;
        this.classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(root);
    }

    /** The production classes of the service whose packages start with {@code root}. */
    public static ServiceArchitecture of(String root) {
        return new ServiceArchitecture(root);
    }

    public ServiceArchitecture layersPointOneWay() {
        noClasses()
                .that()
                .resideInAPackage(root + ".service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".rest..", root + ".health..", root + ".metrics..")
                .because("the decisions do not know how they are reached over HTTP or watched")
                .allowEmptyShould(true)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(root + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".rest..", root + ".service..", root + ".messaging..", root + ".health..")
                .because("the store is the bottom layer")
                .allowEmptyShould(true)
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage(root + ".rest..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".rest..")
                .because("HTTP is the outermost layer")
                .allowEmptyShould(true)
                .check(classes);
        return this;
    }

    public ServiceArchitecture decisionsArePlainJava() {
        return decisionsArePlainJavaBut();
    }

    /**
     * As {@link #decisionsArePlainJava()}, with the frameworks a service's README says its decisions need (the
     * packages as listed in this class, e.g. {@code "org.apache.kafka.."}).
     */
    public ServiceArchitecture decisionsArePlainJavaBut(String... allowed) {
        List<String> forbidden = new ArrayList<>(List.of(FRAMEWORKS));
        forbidden.removeAll(List.of(allowed));
        noClasses()
                .that()
                .resideInAPackage(root + ".service..")
                .and(notACdiBean())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("a decision is unit-tested without Quarkus, Kafka or a database")
                .allowEmptyShould(true)
                .check(classes);
        return this;
    }

    public ServiceArchitecture staysInItsModule() {
        List<String> others = new ArrayList<>();
        for (String module : MODULE_ROOTS) {
            if (!module.equals(root)) {
                others.add(module + "..");
            }
        }
        ArchRule rule = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others.toArray(String[]::new))
                .because("services share code through common-events only");
        rule.check(classes);
        return this;
    }

    /** Every rule above. */
    public void check() {
        layersPointOneWay().decisionsArePlainJava().staysInItsModule();
    }

    private static DescribedPredicate<JavaClass> notACdiBean() {
        return DescribedPredicate.describe(
                "are not CDI beans",
                c -> c.getAnnotations().stream()
                        .noneMatch(a -> CDI_SCOPES.contains(a.getRawType().getName())));
    }
}
