package dev.nnet.maven;

import java.io.File;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sonatype.plexus.build.incremental.BuildContext;

/** Compiles {@code src/main/nnet} to Java sources in {@code target/generated-sources/nnet}, a compile source root. */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
    /** The directory of the {@code .nnet} files. */
    @Parameter(property = "nnet.sourceDirectory", defaultValue = "${project.basedir}/src/main/nnet")
    private File sourceDirectory;

    /** Where the Java sources go; added to the project's compile source roots. */
    @Parameter(property = "nnet.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/nnet")
    private File outputDirectory;

    @Inject
    public GenerateMojo(BuildContext buildContext) {
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
    void addSourceRoot(String directory) {
        project.addCompileSourceRoot(directory);
    }
}
