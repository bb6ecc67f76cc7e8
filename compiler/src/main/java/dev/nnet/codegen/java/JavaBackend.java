package dev.nnet.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.Compilation;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import java.util.ArrayList;
import java.util.List;

/** Generates the Java sources of a checked program: a class per model and a trainer per train block. */
public final class JavaBackend {
    private JavaBackend() {
    }

    public static List<JavaFile> generate(Compilation c, String packageName) {
        List<JavaFile> files = new ArrayList<>();
        for (TypedModel m : c.typed().models()) {
            String name = JavaNames.className(m.name());
            TypeSpec type = ModelGenerator.generate(m, c.source(), name);
            files.add(file(packageName, type));
        }
        int index = 0;
        for (TypedTrain t : c.typed().trains()) {
            TypedModel m = c.typed().model(t.model()).orElseThrow();
            String modelName = JavaNames.className(m.name());
            String name = modelName + "Trainer" + (index++ == 0 ? "" : Integer.toString(index));
            TypeSpec type = TrainerGenerator.generate(m, t.settings(), c.source(), name,
                    ClassName.get(packageName, modelName));
            files.add(file(packageName, type));
        }
        return files;
    }

    private static JavaFile file(String packageName, TypeSpec type) {
        return JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("    ").build();
    }
}
