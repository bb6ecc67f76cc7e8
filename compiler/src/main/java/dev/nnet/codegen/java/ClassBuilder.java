package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The fields of a generated class and the statements that initialize them in its constructor. Names are Java
 * identifiers made from labels ({@link JavaNames}), so a layer called {@code class} or {@code fc-1} still yields
 * valid Java; a name already taken gets a number ({@code poolingArgmax2}).
 */
final class ClassBuilder {
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> byKey = new HashMap<>();
    private final List<FieldSpec> fields = new ArrayList<>();
    private final CodeBlock.Builder constructor = CodeBlock.builder();
    private final List<String> stateFields = new ArrayList<>();

    ClassBuilder(String... reserved) {
        taken.addAll(List.of(reserved));
    }

    /** A private final field initialized in the constructor; the same key returns the same field. */
    String field(String key, String hint, TypeName type, CodeBlock init, String doc) {
        String existing = byKey.get(key);
        if (existing != null) {
            return existing;
        }
        String name = allocate(hint);
        byKey.put(key, name);
        FieldSpec.Builder f = FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.FINAL);
        if (doc != null && !doc.isEmpty()) {
            f.addJavadoc("$L\n", doc);
        }
        fields.add(f.build());
        constructor.addStatement("this.$L = $L", name, init);
        if (key.startsWith("state:")) {
            stateFields.add(name);
        }
        return name;
    }

    /** A name for a public or package field declared by the caller. */
    String reserve(String hint, String key) {
        String name = allocate(hint);
        byKey.put(key, name);
        return name;
    }

    /** The identifier for {@code hint}, numbered from 2 when taken ({@code fc1_2} where it ends in a digit). */
    private String allocate(String hint) {
        String base = JavaNames.identifier(hint);
        String separator = Character.isDigit(base.charAt(base.length() - 1)) ? "_" : "";
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + separator + i;
        }
        return name;
    }

    List<FieldSpec> fields() {
        return fields;
    }

    CodeBlock constructorCode() {
        return constructor.build();
    }

    /** Optimizer-state fields, in the order they were declared. */
    List<String> stateFields() {
        return stateFields;
    }
}
