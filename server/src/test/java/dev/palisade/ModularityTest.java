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
        // protocol (a library of wire formats) and agent (the device side) are separate Maven modules, not features
        // of the server
        ApplicationModules.of(
                        PalisadeApplication.class,
                        JavaClass.Predicates.resideInAnyPackage("dev.palisade.protocol..", "dev.palisade.agent.."))
                .verify();
    }

    @Test
    void dependenciesPointDownTheLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("faces")
                .definedBy("dev.palisade.api..", "dev.palisade.cli..", "dev.palisade.deviceapi..")
                .layer("ota")
                .definedBy("dev.palisade.ota..")
                .layer("broker")
                .definedBy("dev.palisade.broker..")
                .layer("provisioning")
                .definedBy("dev.palisade.provisioning..")
                .layer("pki")
                .definedBy("dev.palisade.pki..")
                .layer("attestation")
                .definedBy("dev.palisade.attestation..")
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
                .whereLayer("ota")
                .mayOnlyBeAccessedByLayers("faces")
                .whereLayer("broker")
                .mayOnlyBeAccessedByLayers("faces", "ota")
                .whereLayer("provisioning")
                .mayOnlyBeAccessedByLayers("faces")
                .whereLayer("pki")
                .mayOnlyBeAccessedByLayers("faces", "broker", "provisioning")
                .whereLayer("attestation")
                .mayOnlyBeAccessedByLayers("faces", "broker", "provisioning")
                .whereLayer("accesspolicy")
                .mayOnlyBeAccessedByLayers("faces", "broker")
                .whereLayer("identity")
                .mayOnlyBeAccessedByLayers(
                        "faces", "ota", "broker", "provisioning", "pki", "attestation", "accesspolicy")
                .whereLayer("tenancy")
                .mayOnlyBeAccessedByLayers(
                        "faces", "ota", "broker", "provisioning", "pki", "attestation", "accesspolicy", "identity")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers(
                        "faces",
                        "ota",
                        "broker",
                        "provisioning",
                        "pki",
                        "attestation",
                        "accesspolicy",
                        "identity",
                        "tenancy")
                .whereLayer("keys")
                .mayOnlyBeAccessedByLayers(
                        "faces",
                        "ota",
                        "broker",
                        "provisioning",
                        "pki",
                        "attestation",
                        "accesspolicy",
                        "identity",
                        "tenancy",
                        "audit")
                .whereLayer("storage")
                .mayOnlyBeAccessedByLayers(
                        "faces",
                        "ota",
                        "broker",
                        "provisioning",
                        "pki",
                        "attestation",
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
    void onlyTheCommandLineRunsTheDeviceSide() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.palisade.cli..", "dev.palisade.agent..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.palisade.agent..")
                .because("the server never trusts the device agent's code; only the demo runs a simulated fleet")
                .check(CLASSES);
    }

    @Test
    void theCliIsTheOnlyFaceThatStartsOrPrints() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .resideOutsideOfPackages("dev.palisade.cli..", "dev.palisade.agent.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because("features are used by the API and the CLI alike and must not depend on either")
                .check(CLASSES);
    }
}
