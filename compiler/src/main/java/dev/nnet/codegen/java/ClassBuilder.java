package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The fields of a generated class and the statements that initialize them in its constructor. Names come from a
 * JavaPoet {@link NameAllocator}, so a layer called {@code class} or {@code fc-1} still yields valid Java.
 */
final class ClassBuilder {
    private final NameAllocator names = new NameAllocator();
    private final Map<String, String> byKey = new HashMap<>();
    private final List<FieldSpec> fields = new ArrayList<>();
    private final CodeBlock.Builder constructor = CodeBlock.builder();
    private final List<String> stateFields = new ArrayList<>();

    ClassBuilder(String... reserved) {
        for (String r : reserved) {
            names.newName(r, "reserved:" + r);
        }
    }

    /** A private final field initialized in the constructor; the same key returns the same field. */
    String field(String key, String hint, TypeName type, CodeBlock init, String doc) {
        String existing = byKey.get(key);
        if (existing != null) {
            return existing;
        }
        String name = names.newName(JavaNames.identifier(hint), key);
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
        String name = names.newName(JavaNames.identifier(hint), key);
        byKey.put(key, name);
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
