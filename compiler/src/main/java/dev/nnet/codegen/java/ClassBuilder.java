package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The fields of a generated class and the statements that initialize them in its constructor. Names are Java
 * identifiers made from labels ({@link JavaNames}), so a layer called {@code class} or {@code fc-1} still yields
 * valid Java; a name already taken gets a number ({@code poolingArgmax2}).
 *
 * <p>Fields asked for while a lazy group is open ({@link #openGroup}) and by nothing outside a group are allocated
 * on the first call of a method that uses them, not in the constructor: a trainer that splits the batch never runs
 * its per-op step, and a trainer never calls its model's {@code predict}, so their buffers need not exist.
 * Optimizer state is always allocated in the constructor: checkpoints read and write it before any step.
 */
final class ClassBuilder {
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> byKey = new HashMap<>();
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final Map<String, String> allocators = new HashMap<>();
    private final Map<String, String> flags = new HashMap<>();
    private final List<String> stateFields = new ArrayList<>();
    private String openGroup;

    private record Declared(String name, TypeName type, CodeBlock init, String doc, Set<String> groups,
                            boolean[] eager) {
        boolean lazy() {
            return !eager[0];
        }
    }

    ClassBuilder(String... reserved) {
        taken.addAll(List.of(reserved));
    }

    /**
     * Fields asked for from now on belong to lazy group {@code group} (null: allocated in the constructor), whose
     * allocating method gets a name from {@code hint}.
     */
    void openGroup(String group, String hint) {
        openGroup = group;
        if (group != null && !allocators.containsKey(group)) {
            allocators.put(group, allocate(hint));
            flags.put(group, allocate(hint + "Done"));
            groups.put(group, new LinkedHashSet<>());
        }
    }

    /** A private field initialized in the constructor or by its lazy groups; the same key returns the same field. */
    String field(String key, String hint, TypeName type, CodeBlock init, String doc) {
        String name = byKey.get(key);
        if (name == null) {
            name = allocate(hint);
            byKey.put(key, name);
            declared.put(name, new Declared(name, type, init, doc, new LinkedHashSet<>(), new boolean[1]));
            if (key.startsWith("state:")) {
                stateFields.add(name);
            }
        }
        Declared d = declared.get(name);
        if (d == null) {
            return name; // declared by the caller (reserve)
        }
        if (openGroup == null || key.startsWith("state:")) {
            d.eager()[0] = true;
        } else {
            d.groups().add(openGroup);
            groups.get(openGroup).add(name);
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
        List<FieldSpec> specs = new ArrayList<>();
        for (Declared d : declared.values()) {
            FieldSpec.Builder f = d.lazy() ? FieldSpec.builder(d.type(), d.name(), Modifier.PRIVATE)
                    : FieldSpec.builder(d.type(), d.name(), Modifier.PRIVATE, Modifier.FINAL);
            String doc = d.doc() == null ? "" : d.doc();
            if (d.lazy()) {
                doc += (doc.isEmpty() ? "" : " ") + "(allocated by "
                        + String.join(" or ", d.groups().stream().map(g -> allocators.get(g) + "()").toList())
                        + " on first use)";
            }
            if (!doc.isEmpty()) {
                f.addJavadoc("$L\n", doc);
            }
            specs.add(f.build());
        }
        for (String group : groups.keySet()) {
            if (hasLazy(group)) {
                specs.add(FieldSpec.builder(TypeName.BOOLEAN, flag(group), Modifier.PRIVATE)
                        .addJavadoc("Whether $L() has run.\n", allocators.get(group)).build());
            }
        }
        return specs;
    }

    /** The constructor's statements: every field not left to a lazy group. */
    CodeBlock constructorCode() {
        CodeBlock.Builder constructor = CodeBlock.builder();
        for (Declared d : declared.values()) {
            if (!d.lazy()) {
                constructor.addStatement("this.$L = $L", d.name(), d.init());
            }
        }
        return constructor.build();
    }

    /** The first statement of a method that uses {@code group}'s fields: allocates them on its first call. */
    CodeBlock ensureAllocated(String group) {
        if (!groups.containsKey(group) || !hasLazy(group)) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder().beginControlFlow("if (!$L)", flag(group))
                .addStatement("$L()", allocators.get(group)).endControlFlow().build();
    }

    /** The allocating methods of the lazy groups that have fields of their own. */
    List<MethodSpec> allocators() {
        List<MethodSpec> methods = new ArrayList<>();
        for (Map.Entry<String, Set<String>> g : groups.entrySet()) {
            if (!hasLazy(g.getKey())) {
                continue;
            }
            MethodSpec.Builder m = MethodSpec.methodBuilder(allocators.get(g.getKey()))
                    .addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Allocates, on its first call, the buffers and kernels of the $L that the "
                            + "constructor leaves out; one another method allocated already is kept.\n", g.getKey());
            for (String name : g.getValue()) {
                Declared d = declared.get(name);
                if (!d.lazy()) {
                    continue;
                }
                if (d.groups().size() > 1) {
                    m.beginControlFlow("if ($L == null)", name).addStatement("this.$L = $L", name, d.init())
                            .endControlFlow();
                } else {
                    m.addStatement("this.$L = $L", name, d.init());
                }
            }
            methods.add(m.addStatement("this.$L = true", flag(g.getKey())).build());
        }
        return methods;
    }

    private boolean hasLazy(String group) {
        return groups.get(group).stream().anyMatch(n -> declared.get(n).lazy());
    }

    private String flag(String group) {
        return flags.get(group);
    }

    /** Optimizer-state fields, in the order they were declared. */
    List<String> stateFields() {
        return stateFields;
    }
}
