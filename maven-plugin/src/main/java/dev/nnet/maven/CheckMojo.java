package dev.nnet.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Checks the {@code .nnet} files of the main and test source directories and reports their problems, writing
 * nothing: {@code nnetc check} as a build step. Useful for files that are not compiled to Java, and to fail fast.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractNnetMojo {
    /** The directory of the main {@code .nnet} files. */
    @Parameter(property = "nnet.sourceDirectory", defaultValue = "${project.basedir}/src/main/nnet")
    private File sourceDirectory;

    /** The directory of the test {@code .nnet} files. */
    @Parameter(property = "nnet.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nnet")
    private File testSourceDirectory;

    @Inject
    public CheckMojo(BuildContext buildContext) {
        super(buildContext);
    }

    @Override
    void run() throws MojoFailureException {
        if (buildContext.isIncremental() && !buildContext.hasDelta(sourceDirectory)
                && !buildContext.hasDelta(testSourceDirectory)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        for (File directory : List.of(sourceDirectory, testSourceDirectory)) {
            if (directory.isDirectory()) {
                Path base = directory.toPath().toAbsolutePath().normalize();
                Sources.scan(base, includes, excludes).forEach(s -> files.add(base.resolve(s).normalize()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        files.stream().distinct().forEach(f -> problems.addAll(SourceCheck.run(f)));
        getLog().info("nnet: checked " + Problems.plural(files.size(), "file"));
        report(problems, files);
    }
}
