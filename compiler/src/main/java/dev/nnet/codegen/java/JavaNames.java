package dev.nnet.codegen.java;

import javax.lang.model.SourceVersion;

/** Turns labels such as {@code d(conv1)}, {@code 0.weight} or {@code fc-1} into Java identifiers. */
public final class JavaNames {
    private JavaNames() {
    }

    public static String identifier(String label) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : label.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(upper && sb.length() > 0 ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        String s = sb.length() == 0 ? "value" : sb.toString();
        if (!Character.isJavaIdentifierStart(s.charAt(0))) {
            s = "_" + s;
        }
        return SourceVersion.isKeyword(s) ? s + "_" : s;
    }

    /** {@code mnist-cnn} → {@code MnistCnn}. */
    public static String className(String name) {
        String id = identifier("x-" + name).substring(1);
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}
