package dev.nnet.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.lower.LoweredProgram;
import java.util.ArrayList;
import java.util.List;

/** Generates the Java sources of a lowered program: a class per model and a trainer per train block. */
public final class JavaBackend {
    private JavaBackend() {
    }

    public static List<JavaFile> generate(LoweredProgram program, String packageName) {
        return generate(program, packageName, false);
    }

    /**
     * With {@code profile}, each trainer times every op of its training step into a public {@code profile} field
     * ({@code dev.nnet.runtime.profile.StepProfile}), for {@code tools/bench}'s step profiles.
     */
    public static List<JavaFile> generate(LoweredProgram program, String packageName, boolean profile) {
        List<JavaFile> files = new ArrayList<>();
        for (LoweredProgram.Model m : program.models()) {
            String name = JavaNames.className(m.model().name());
            TypeSpec type = ModelGenerator.generate(m, program.source().source(), name);
            files.add(file(packageName, type));
        }
        int index = 0;
        for (LoweredProgram.Train t : program.trains()) {
            String modelName = JavaNames.className(t.model().name());
            String name = modelName + "Trainer" + (index++ == 0 ? "" : Integer.toString(index));
            TypeSpec type = TrainerGenerator.generate(t, program.source().source(), name,
                    ClassName.get(packageName, modelName), profile);
            files.add(file(packageName, type));
        }
        return files;
    }

    private static JavaFile file(String packageName, TypeSpec type) {
        return JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("    ").build();
    }
}
