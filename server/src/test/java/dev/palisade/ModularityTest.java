package dev.palisade;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module map of docs/architecture.md, enforced: features never reach into each other's internals, and
 * dependencies only point down the layers.
 */
class ModularityTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.palisade");

    @Test
    void modulesUseOnlyEachOthersPublicApi() {
        // protocol is a separate Maven module (a library of wire formats), not a feature of the server
        ApplicationModules.of(
                        PalisadeApplication.class, JavaClass.Predicates.resideInAPackage("dev.palisade.protocol.."))
                .verify();
    }

    @Test
    void dependenciesPointDownTheLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("faces")
                .definedBy("dev.palisade.api..", "dev.palisade.cli..", "dev.palisade.deviceapi..")
                .layer("broker")
                .definedBy("dev.palisade.broker..")
                .layer("provisioning")
                .definedBy("dev.palisade.provisioning..")
                .layer("pki")
                .definedBy("dev.palisade.pki..")
                .layer("accesspolicy")
                .definedBy("dev.palisade.accesspolicy..")
                .layer("identity")
                .definedBy("dev.palisade.identity..")
                .layer("tenancy")
                .definedBy("dev.palisade.tenancy..")
                .layer("audit")
                .definedBy("dev.palisade.audit..")
                .layer("keys")
                .definedBy("dev.palisade.keys..")
                .layer("policy")
                .definedBy("dev.palisade.policy..")
                .layer("storage")
                .definedBy("dev.palisade.storage..")
                .layer("shared")
                .definedBy("dev.palisade.shared..")
                .whereLayer("faces")
                .mayOnlyBeAccessedByLayers("faces")
                .whereLayer("broker")
                .mayOnlyBeAccessedByLayers("faces")
                .whereLayer("provisioning")
                .mayOnlyBeAccessedByLayers("faces")
                .whereLayer("pki")
                .mayOnlyBeAccessedByLayers("faces", "broker", "provisioning")
                .whereLayer("accesspolicy")
                .mayOnlyBeAccessedByLayers("faces", "broker")
                .whereLayer("identity")
                .mayOnlyBeAccessedByLayers("faces", "broker", "provisioning", "pki", "accesspolicy")
                .whereLayer("tenancy")
                .mayOnlyBeAccessedByLayers("faces", "broker", "provisioning", "pki", "accesspolicy", "identity")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers(
                        "faces", "broker", "provisioning", "pki", "accesspolicy", "identity", "tenancy")
                .whereLayer("keys")
                .mayOnlyBeAccessedByLayers(
                        "faces", "broker", "provisioning", "pki", "accesspolicy", "identity", "tenancy", "audit")
                .whereLayer("storage")
                .mayOnlyBeAccessedByLayers(
                        "faces",
                        "broker",
                        "provisioning",
                        "pki",
                        "accesspolicy",
                        "identity",
                        "tenancy",
                        "audit",
                        "keys")
                .whereLayer("policy")
                .mayOnlyBeAccessedByLayers("faces", "broker", "accesspolicy")
                .whereLayer("policy")
                .mayNotAccessAnyLayer()
                .because("features depend only on features below them on the module map; the faces sit on top")
                .check(CLASSES);
    }

    @Test
    void thePolicyEngineStandsAlone() {
        noClasses()
                .that()
                .resideInAPackage("dev.palisade.policy..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.palisade..").and(not(resideInAPackage("dev.palisade.policy.."))))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "java.net..", "java.nio.file..")
                .because("the policy engine is a pure function of documents and a device on the lowest layer:"
                        + " no other feature, no Spring, no I/O, so the broker can call it on its hot path")
                .check(CLASSES);
    }

    @Test
    void theCliIsTheOnlyFaceThatStartsOrPrints() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .resideOutsideOfPackage("dev.palisade.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because("features are used by the API and the CLI alike and must not depend on either")
                .check(CLASSES);
    }
}
