package dev.mikrodb.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.mikrodb.MikroDBException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of docs/architecture.md, checked on the compiled classes of every module, so that
 * they stay true: layering without upward imports, internals private to their module, the wire format shared only
 * with the modules that speak it, final leaf exceptions, and no oversized class in core.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mikrodb");
    }

    @Test
    void coreInternalsAreUsedOnlyByCore() {
        noClasses().that().resideInAnyPackage("dev.mikrodb.server..", "dev.mikrodb.client..", "dev.mikrodb.cli..",
                        "dev.mikrodb.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.mikrodb.internal..")
                .check(classes);
    }

    @Test
    void serverAndClientInternalsStayInTheirModules() {
        noClasses().that().resideOutsideOfPackage("dev.mikrodb.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.mikrodb.server.internal..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.mikrodb.client..")
                .should().dependOnClassesThat().resideInAPackage("dev.mikrodb.client.internal..")
                .check(classes);
    }

    @Test
    void theWireFormatIsSharedOnlyWithServerClientAndShell() {
        noClasses().that().resideInAnyPackage("dev.mikrodb.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.mikrodb.wire..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.mikrodb")
                .should().dependOnClassesThat().resideInAPackage("dev.mikrodb.wire..")
                .because("the public API must not expose the wire format")
                .check(classes);
    }

    @Test
    void layersOnlyDependDownwards() {
        noClasses().that().resideInAnyPackage("dev.mikrodb", "dev.mikrodb.config..", "dev.mikrodb.internal..",
                        "dev.mikrodb.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mikrodb.server..", "dev.mikrodb.client..",
                        "dev.mikrodb.cli..", "dev.mikrodb.bench..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.mikrodb.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mikrodb.client..", "dev.mikrodb.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.mikrodb.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mikrodb.server..", "dev.mikrodb.cli..")
                .check(classes);
    }

    @Test
    void everyExceptionIsAMikroDBExceptionAndLeavesAreFinal() {
        classes().that().areAssignableTo(RuntimeException.class).and().resideInAnyPackage("dev.mikrodb",
                        "dev.mikrodb.config", "dev.mikrodb.client", "dev.mikrodb.server")
                .should().beAssignableTo(MikroDBException.class)
                .check(classes);
        classes().that().areAssignableTo(MikroDBException.class)
                .should(beFinalUnlessExtended())
                .check(classes);
    }

    private static ArchCondition<JavaClass> beFinalUnlessExtended() {
        return new ArchCondition<>("be final unless another exception extends them") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean extended = !c.getSubclasses().isEmpty();
                boolean isFinal = c.getModifiers().contains(JavaModifier.FINAL);
                if (!extended && !isFinal) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is a leaf exception but not final"));
                }
            }
        };
    }

    @Test
    void noCoreSourceFileIsLongerThan400Lines() throws IOException {
        Path core = Path.of("..", "mikrodb-core", "src", "main", "java");
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(core)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> l = Files.lines(p)) {
                    lines = l.count();
                }
                if (lines > 400) {
                    tooLong.add(core.relativize(p) + " (" + lines + " lines)");
                }
            }
        }
        assertEquals(List.of(), tooLong, "split these into classes with one job each");
    }
}
