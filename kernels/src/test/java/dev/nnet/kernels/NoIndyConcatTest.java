package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No kernel class concatenates strings through invokedynamic. The JIT links such a call site of a never-taken throw
 * branch lazily, on the calling thread and long after warm-up, allocating a few Strings in the middle of training
 * (RecurrentAllocationTest saw 104 to 696 bytes in 50 warm steps); the module is built with
 * {@code -XDstringConcat=inline}, which this checks in the class files themselves.
 */
class NoIndyConcatTest {
  private static final String BOOTSTRAP = "makeConcatWithConstants";

  @Test
  void kernelClassesUseNoInvokedynamicConcat() throws IOException {
    Path classes = Path.of(Gemm.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertTrue(files.size() > 20, "found only " + files.size() + " kernel classes under " + classes);
    List<String> offenders = files.stream().filter(NoIndyConcatTest::usesIndyConcat).map(p ->
        classes.relativize(p).toString()).sorted().collect(Collectors.toList());
    assertEquals(List.of(), offenders, "classes concatenating strings through invokedynamic (build the kernels "
        + "module with -XDstringConcat=inline)");
  }

  @Test
  void theCheckSeesAnIndyConcat() throws IOException {
    // javac's default for --release 17 is indy concatenation: this class's own message above is one.
    Path self = Path.of(Gemm.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getParent()
        .resolve("test-classes/dev/nnet/kernels/NoIndyConcatTest.class");
    assertTrue(Files.isRegularFile(self), self + " is missing");
    assertTrue(usesIndyConcat(self), "the test classes are built without the flag, so this class must use indy");
  }

  private static boolean usesIndyConcat(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(BOOTSTRAP);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
