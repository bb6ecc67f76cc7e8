package dev.nnet.maven;

import java.io.File;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Compiles {@code src/test/nnet} to Java sources in {@code target/generated-test-sources/nnet}, a test source root:
 * networks that only the tests use.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {
    /** The directory of the test {@code .nnet} files. */
    @Parameter(property = "nnet.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nnet")
    private File sourceDirectory;

    /** Where the Java sources go; added to the project's test source roots. */
    @Parameter(property = "nnet.testOutputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/nnet")
    private File outputDirectory;

    /** Tests are not compiled, so neither are their networks. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean skipTestCompilation;

    @Inject
    public GenerateTestMojo(BuildContext buildContext) {
        super(buildContext);
    }

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    File outputDirectory() {
        return outputDirectory;
    }

    @Override
    boolean skipTests() {
        return skipTestCompilation;
    }

    @Override
    void addSourceRoot(String directory) {
        project.addTestCompileSourceRoot(directory);
    }
}
