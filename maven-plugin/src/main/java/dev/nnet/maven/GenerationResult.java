package dev.nnet.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code generate} run did.
 *
 * @param problems  every diagnostic, file by file in source order, warnings of up-to-date files included
 * @param compiled  source files compiled (changed, new, or with errors last time)
 * @param upToDate  source files skipped because neither they nor their outputs changed
 * @param written   Java files written because their content changed
 * @param unchanged Java files generated again with the same content, and so left alone
 * @param removed   Java files deleted because their source was deleted or no longer generates them
 * @param touched   every file written or deleted, for the IDE to refresh
 */
public record GenerationResult(List<Problem> problems, int compiled, int upToDate, int written, int unchanged,
                               int removed, List<Path> touched) {
    public GenerationResult {
        problems = List.copyOf(problems);
        touched = List.copyOf(touched);
    }
}
