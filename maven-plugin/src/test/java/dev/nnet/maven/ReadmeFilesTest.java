package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README shows real files, not copies that drift: a code block preceded by {@code <!-- file: PATH -->} must
 * equal that file of the repository byte for byte. The invoker IT {@code readme-project} builds the pom and runs the
 * Java file, so what the README shows is what is tested.
 */
class ReadmeFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", "..")).toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\n```[a-z]*\\n(.*?)^```$",
            Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyMarkedBlockIsItsFileVerbatim() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), "README.md shows " + m.group(1) + ", which does not exist");
            assertEquals(Files.readString(file), m.group(2), "README.md's copy of " + m.group(1)
                    + " differs from the file; paste the file into the README again");
            checked.add(m.group(1));
        }
        assertEquals(List.of("samples/mnist/mnist-cnn.nnet", "maven-plugin/src/it/readme-project/pom.xml",
                "maven-plugin/src/it/readme-project/src/main/nnet/linear-regression.nnet",
                "maven-plugin/src/it/readme-project/src/main/java/com/example/Example.java",
                "maven-plugin/src/it/readme-project/src/main/java/com/example/FromArrays.java"), checked);
    }

    /** The pom pins plugin versions; the IT resolves them from this build's repository, so they must be ours. */
    @Test
    void theReadmePomUsesThisBuildsVersions() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String pom = Files.readString(ROOT.resolve("maven-plugin/src/it/readme-project/pom.xml"));
        for (String plugin : List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin",
                "maven-jar-plugin")) {
            String version = property(parent, plugin + ".version");
            String pinned = "<artifactId>" + plugin + "</artifactId>\n        <version>" + version + "</version>";
            assertTrue(pom.contains(pinned), plugin + " " + version);
        }
        assertTrue(pom.contains("<nnet.version>" + property(parent, "version") + "</nnet.version>"));
        assertTrue(pom.contains("<version>" + property(parent, "junit.version") + "</version>"));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name);
        return m.group(1);
    }
}
