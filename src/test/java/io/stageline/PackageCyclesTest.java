package io.stageline;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages show the architecture: no package depends, directly or through others, on one that depends
 * on it. Cross-kind wiring (e.g. access contributing a compliance check to the Environment reconciler) is
 * done in {@link StagelineOperator}, the root package, which nothing else depends on.
 */
class PackageCyclesTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.stageline");
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("io.stageline.(*)..").should().beFreeOfCycles().check(production);
  }

  /**
   * Every package, sub-packages included: gates do not call back into the promotion package, and the
   * Environment's steps, data steps and dependents share only the step contract
   * ({@code environment.step}), which depends on none of them. The embedded API is left out: test
   * infrastructure the operator never depends on.
   */
  @Test
  void packagesAndTheirSubPackagesHaveNoCycles() {
    slices().matching("io.stageline.(**)").should().beFreeOfCycles()
        .check(production.that(resideOutsideOfPackages("io.stageline.embedded..")));
  }

  @Test
  void onlyTheCommandLineDependsOnTheRootPackageThatWiresTheOperator() {
    noClasses().that().resideOutsideOfPackages("io.stageline", "io.stageline.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.stageline")
        .check(production);
  }
}
