package dev.nnet.maven;

import dev.nnet.Driver;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Compiles a directory of {@code .nnet} files to Java sources (a model class per model, a trainer per train block)
 * and adds the output directory to the project's sources. Incremental: see {@link IncrementalGenerator}.
 */
abstract class AbstractGenerateMojo extends AbstractNnetMojo {
    /** Identifies the plugin and compiler code; computed once per class loader (hashing the jars). */
    private static final class Code {
        static final String HASHES = Hashes.ofCodeOf(Driver.class) + " " + Hashes.ofCodeOf(Code.class);
    }

    /**
     * Java package of the generated classes. Files in sub-directories of the source directory add a segment per
     * directory ({@code vision/cnn.nnet} gives {@code <packageName>.vision}).
     */
    @Parameter(property = "nnet.packageName", defaultValue = "nnet.generated")
    protected String packageName;

    /**
     * Give each file its own package, named after the file ({@code mnist-cnn.nnet} gives
     * {@code <packageName>.mnist_cnn}), so models in different files may share a name.
     */
    @Parameter(property = "nnet.packagePerFile", defaultValue = "false")
    protected boolean packagePerFile;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    protected File buildDirectory;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution execution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    AbstractGenerateMojo(BuildContext buildContext) {
        super(buildContext);
    }

    abstract File sourceDirectory();

    abstract File outputDirectory();

    /** Registers the output directory with the project, as main or test sources. */
    abstract void addSourceRoot(String directory);

    @Override
    final void run() throws MojoFailureException {
        File output = outputDirectory();
        addSourceRoot(output.getAbsolutePath());
        if (buildContext.isIncremental() && !buildContext.hasDelta(sourceDirectory())
                && !buildContext.hasDelta(output)) {
            return;
        }
        List<String> sources = scan(sourceDirectory());
        GeneratorSettings settings = new GeneratorSettings(sourceDirectory().toPath(), output.toPath(), cacheFile(),
                new PackageNames(packageName, packagePerFile), plugin.getVersion() + " " + Code.HASHES);
        GenerationResult result = IncrementalGenerator.run(settings, sources);
        result.touched().forEach(f -> buildContext.refresh(f.toFile()));
        if (result.compiled() + result.upToDate() + result.removed() > 0) {
            getLog().info("nnet: compiled " + result.compiled() + " of " + Problems.plural(sources.size(), "file")
                    + " (" + result.upToDate() + " up to date); Java files: " + result.written() + " written, "
                    + result.unchanged() + " unchanged, " + result.removed() + " removed, in " + output);
        }
        report(result.problems(), sources.stream()
                .map(s -> settings.sourceDirectory().resolve(s).normalize()).toList());
    }

    /** One cache per goal and execution, so two executions with different directories keep their own. */
    private Path cacheFile() {
        String name = (execution.getGoal() + "-" + execution.getExecutionId()).replaceAll("[^A-Za-z0-9._-]", "_");
        return buildDirectory.toPath().resolve("nnet-maven-plugin").resolve(name + ".cache");
    }
}
