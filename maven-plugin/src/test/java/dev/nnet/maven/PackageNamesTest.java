package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PackageNamesTest {
    @Test
    void filesAtTheRootUseTheBasePackageAndFoldersAddSegments() {
        PackageNames p = new PackageNames("com.example.nets", false);
        assertEquals("com.example.nets", p.packageOf("mnist.nnet"));
        assertEquals("com.example.nets.vision.small", p.packageOf("vision/small/cnn.nnet"));
    }

    @Test
    void perFileAddsTheFileNameAsAnIdentifier() {
        PackageNames p = new PackageNames("dev.nnet.samples", true);
        assertEquals("dev.nnet.samples.mnist.mnist_cnn_3fc", p.packageOf("mnist/mnist-cnn-3fc.nnet"));
        assertEquals("dev.nnet.samples.lenet", p.packageOf("lenet.nnet"));
    }

    @Test
    void namesThatAreNotIdentifiersAreMadeInto() {
        assertEquals("my_nets", PackageNames.identifier("my nets"));
        assertEquals("_3d", PackageNames.identifier("3d"));
        assertEquals("class_", PackageNames.identifier("class"));
        assertEquals("a_b", PackageNames.identifier("a$b"));
        assertEquals("__", PackageNames.identifier("_"));
        assertEquals("__", PackageNames.identifier("-"));
    }

    @Test
    void aBadBasePackageIsRefusedWithTheReason() {
        assertEquals("packageName `com..nets` is not a Java package name: it has an empty segment; use "
                + "dot-separated identifiers such as `com.example.nets`",
                assertThrows(BuildException.class, () -> new PackageNames("com..nets", false)).getMessage());
        assertThrows(BuildException.class, () -> new PackageNames("com.int.nets", false));
        assertThrows(BuildException.class, () -> new PackageNames("com.3d", false));
        assertThrows(BuildException.class, () -> new PackageNames("", false));
        assertThrows(BuildException.class, () -> new PackageNames("com.nets.", false));
    }
}
