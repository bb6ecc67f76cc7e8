package dev.nnet.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which Java package a {@code .nnet} file's classes go to. A file directly in the source directory uses the base
 * package; a file in a sub-directory appends the directories, the way antlr4-maven-plugin maps grammar folders to
 * packages ({@code src/main/nnet/vision/cnn.nnet} with base {@code com.acme.nets} gives
 * {@code com.acme.nets.vision}). With {@code perFile}, the file name is appended too, so two files may declare
 * models of the same name ({@code mnist/lenet.nnet} gives {@code ….mnist.lenet}).
 *
 * @param base    a valid Java package name
 * @param perFile whether each file gets its own package
 */
public record PackageNames(String base, boolean perFile) {
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "_");

    public PackageNames {
        String problem = validate(base);
        if (problem != null) {
            throw new BuildException("packageName `" + base + "` is not a Java package name: " + problem
                    + "; use dot-separated identifiers such as `com.example.nets`");
        }
    }

    /** The package of the file at {@code relativePath} ('/'-separated, relative to the source directory). */
    public String packageOf(String relativePath) {
        List<String> segments = new ArrayList<>(List.of(base.split("\\.")));
        String[] parts = relativePath.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            segments.add(identifier(parts[i]));
        }
        if (perFile) {
            String file = parts[parts.length - 1];
            int dot = file.lastIndexOf('.');
            segments.add(identifier(dot > 0 ? file.substring(0, dot) : file));
        }
        return String.join(".", segments);
    }

    /** A directory or file name as a package segment: {@code mnist-cnn-3fc} → {@code mnist_cnn_3fc}. */
    static String identifier(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(Character.isJavaIdentifierPart(c) && c != '$' ? c : '_');
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, '_');
        }
        String segment = out.toString();
        return KEYWORDS.contains(segment) ? segment + "_" : segment;
    }

    /** Why {@code name} is not a package name, or null when it is one. */
    private static String validate(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        for (String segment : name.split("\\.", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment";
            }
            if (!Character.isJavaIdentifierStart(segment.charAt(0))
                    || !segment.chars().allMatch(Character::isJavaIdentifierPart)) {
                return "`" + segment + "` is not an identifier";
            }
            if (KEYWORDS.contains(segment)) {
                return "`" + segment + "` is a Java keyword";
            }
        }
        return null;
    }
}
