package dev.nnet.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * What every nnet goal shares: which files to read, skipping, and reporting problems. Each diagnostic is logged as
 * one {@code file:line:col: error: message [E0201]} line with the file's absolute path, so IDE consoles and CI log
 * scrapers link it to the line, and becomes an IDE marker where the build runs inside an IDE. Errors (and warnings
 * with {@code failOnWarning}) fail the build with a count, never with a stack trace.
 */
abstract class AbstractNnetMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Ant-style patterns, relative to the source directory, of the files to read. Default: every {@code .nnet} file. */
    @Parameter
    protected Set<String> includes;

    /** Ant-style patterns of files to leave out, applied after {@code includes}. */
    @Parameter
    protected Set<String> excludes;

    /** Fail the build on warnings too; they are then reported as errors (like {@code nnetc check --Werror}). */
    @Parameter(property = "nnet.failOnWarning", defaultValue = "false")
    protected boolean failOnWarning;

    /** Skip this goal. */
    @Parameter(property = "nnet.skip", defaultValue = "false")
    protected boolean skip;

    /** Markers and workspace refreshes in an IDE (m2e); on the command line, the default no-op context. */
    protected final BuildContext buildContext;

    AbstractNnetMojo(BuildContext buildContext) {
        this.buildContext = buildContext;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests()) {
            getLog().info("nnet: skipped");
            return;
        }
        try {
            run();
        } catch (BuildException e) {
            throw new MojoExecutionException("nnet: " + e.getMessage(), e);
        }
    }

    /** The goal's work; problems go through {@link #report}. */
    abstract void run() throws MojoFailureException;

    /** Whether this goal is for test sources and tests are not compiled in this build. */
    boolean skipTests() {
        return false;
    }

    /** The source files of a directory, as relative paths; logs when there are none. */
    List<String> scan(File directory) {
        List<String> sources = Sources.scan(directory.toPath(), includes, excludes);
        if (sources.isEmpty()) {
            getLog().info("nnet: no .nnet files in " + directory);
        }
        return sources;
    }

    /**
     * Logs every problem, refreshes the IDE markers of {@code checked}, and fails the build when any problem is an
     * error after {@code failOnWarning}.
     */
    void report(List<Problem> problems, List<Path> checked) throws MojoFailureException {
        List<Problem> effective = Problems.effective(problems, failOnWarning);
        boolean ide = !(buildContext instanceof DefaultBuildContext);
        if (ide) {
            // The command-line BuildContext would print every marker again, in its own format.
            checked.forEach(f -> buildContext.removeMessages(f.toFile()));
        }
        for (Problem p : effective) {
            // The help line follows its problem at the same level, so a log filtered by level keeps the pair.
            for (String line : p.renderHelp() == null ? List.of(p.render()) : List.of(p.render(), p.renderHelp())) {
                if (p.isError()) {
                    getLog().error(line);
                } else {
                    getLog().warn(line);
                }
            }
            if (ide) {
                buildContext.addMessage(p.file().toFile(), p.line(), p.column(), p.message() + " [" + p.code() + "]",
                        p.isError() ? BuildContext.SEVERITY_ERROR : BuildContext.SEVERITY_WARNING, null);
            }
        }
        if (Problems.errors(effective) > 0) {
            String summary = Problems.summary(effective) + (failOnWarning && Problems.errors(problems)
                    < Problems.errors(effective) ? " (warnings count as errors: failOnWarning is set)" : "");
            getLog().error(summary);
            throw new MojoFailureException(summary);
        }
        if (!effective.isEmpty()) {
            getLog().warn(Problems.summary(effective));
        }
    }
}
